namespace LeadFunctions.Storage.Tables;

/// <summary>How an update or upsert treats the properties already stored on the entity.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep stored properties that the new entity does not name (HTTP MERGE).</summary>
    Merge = 0,

    /// <summary>Replace the stored entity entirely (HTTP PUT).</summary>
    Replace = 1,
}
