using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>
/// The port where what sales did with a lead is saved: the stage move of a sales action, with the receipt of its
/// external id that makes a replay of the status API idempotent. A lead whose erasure began is refused
/// (<see cref="SalesSaveResult.NotFound"/>) as one that no longer exists.
/// </summary>
public interface ISalesActionStore
{
    /// <summary>True when a sales status with this external id was already recorded for the lead (the status API's replay key).</summary>
    Task<bool> IsSalesStatusRecordedAsync(string leadId, string externalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The receipt of a sales status recorded for the lead with this external id (with the status recorded and the hash
    /// of its body, when kept), or null when there is none.
    /// </summary>
    Task<SalesStatusReceipt?> GetSalesStatusReceiptAsync(string leadId, string externalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a sales action: <paramref name="score"/> (the lead's stage and history with the action's move, its last
    /// entry) for the lead read as <paramref name="current"/>, guarded by its ETag, and in the same atomic write
    /// <paramref name="receipt"/> (when given: the move's status and the receipt's body hash under its external id), which
    /// makes a replay of the id <see cref="SalesSaveResult.AlreadyRecorded"/>. Also moves the lead in the stage index.
    /// </summary>
    Task<SalesSaveResult> TrySaveSalesActionAsync(
        Lead current,
        StoredScore score,
        SalesStatusReceipt? receipt,
        DateTimeOffset now,
        CancellationToken cancellationToken = default);
}
