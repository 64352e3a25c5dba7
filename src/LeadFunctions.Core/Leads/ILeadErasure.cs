namespace LeadFunctions.Leads;

/// <summary>
/// The port that erases a lead and everything about it. Once a lead's erasure began, the lead is gone for every reader
/// of every other port and refused by every writer, as an erased one is: the write returns false, null,
/// <see cref="SalesSaveResult.NotFound"/> or throws <see cref="LeadNotFoundException"/>, exactly as for a lead that no
/// longer exists.
/// </summary>
public interface ILeadErasure
{
    /// <summary>
    /// Erases the lead and everything about it: events, hand-offs, index entries. Idempotent, and safe to run twice at
    /// once. It first marks the lead as being erased; from then on every write to it is refused, so a write racing the
    /// erasure either happened before the mark (and is erased with the rest) or is refused.
    /// </summary>
    Task EraseLeadAsync(string leadId, CancellationToken cancellationToken = default);
}
