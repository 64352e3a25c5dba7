using Azure;

namespace LeadFunctions.Storage.Tables;

/// <summary>The operation a <see cref="TableTransactionAction"/> performs.</summary>
public enum TableTransactionActionType
{
    /// <summary>Insert; fails the transaction if the entity exists (POST).</summary>
    Add = 0,

    /// <summary>Delete; with the action's ETag, or unconditionally when it is default (DELETE).</summary>
    Delete = 1,

    /// <summary>Merge into an existing entity, conditional on the action's ETag or <c>*</c> (MERGE, If-Match).</summary>
    UpdateMerge = 2,

    /// <summary>Replace an existing entity, conditional on the action's ETag or <c>*</c> (PUT, If-Match).</summary>
    UpdateReplace = 3,

    /// <summary>Insert or merge (MERGE without If-Match).</summary>
    UpsertMerge = 4,

    /// <summary>Insert or replace (PUT without If-Match).</summary>
    UpsertReplace = 5,
}

/// <summary>One operation of an entity group transaction (<see cref="TableClient.SubmitTransactionAsync"/>).</summary>
public sealed class TableTransactionAction
{
    /// <summary>Creates an action; <paramref name="etag"/> applies to Delete and Update actions (default: <c>*</c>).</summary>
    public TableTransactionAction(TableTransactionActionType actionType, TableEntity entity, ETag etag = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (!Enum.IsDefined(actionType))
        {
            throw new ArgumentOutOfRangeException(nameof(actionType), actionType, "Unknown transaction action type.");
        }

        ActionType = actionType;
        Entity = entity;
        ETag = etag;
    }

    /// <summary>The operation.</summary>
    public TableTransactionActionType ActionType { get; }

    /// <summary>The entity (its PartitionKey and RowKey address it).</summary>
    public TableEntity Entity { get; }

    /// <summary>The If-Match condition for Delete and Update actions; default means <c>*</c>.</summary>
    public ETag ETag { get; }
}
