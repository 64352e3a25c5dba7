namespace LeadFunctions.Leads;

/// <summary>What became of a sales action's write.</summary>
public enum SalesSaveResult
{
    Saved = 0,

    /// <summary>The lead changed since it was read (its ETag): read it again and decide again.</summary>
    Changed = 1,

    /// <summary>A status with the same external id was recorded before: nothing was written.</summary>
    AlreadyRecorded = 2,

    /// <summary>The lead no longer exists.</summary>
    NotFound = 3,
}
