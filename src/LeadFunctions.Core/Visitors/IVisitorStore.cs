using LeadFunctions.Leads;

namespace LeadFunctions.Visitors;

/// <summary>
/// The port to where anonymous visitors are kept until they identify (Azure Table Storage in production, a partition
/// per visitor): their events (the newest <see cref="VisitorEvents.MaxPerVisitor"/>), and which lead each joined. A
/// visitor joins at most one lead; once it has, the store keeps none of its events (they go to the lead). Every method
/// is safe to call again after a failure or a crash. The lead side of a join (which visitors a lead claimed) is kept with
/// the lead, so erasing the lead (<see cref="ILeadErasure"/>) erases the visitors it joined and their events.
/// </summary>
public interface IVisitorStore
{
    /// <summary>
    /// Stores a visitor's events, idempotently on (source, event id), unless the visitor has joined a lead: then nothing is
    /// stored and the result names the lead (<see cref="VisitorAppendResult.JoinedLeadId"/>), for the caller to store them
    /// there. An event can never be stored for a visitor after its join began without the join seeing it.
    /// </summary>
    Task<VisitorAppendResult> AppendVisitorEventsAsync(
        VisitorKey visitor,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the visitor for the lead: recorded with the lead first (throws <see cref="LeadNotFoundException"/> when the
    /// lead is gone or being erased), then on the visitor, where the first claim wins. After it returns
    /// <see cref="VisitorClaim.Joined"/> or <see cref="VisitorClaim.AlreadyJoined"/> no event is stored for the visitor
    /// any more (<see cref="AppendVisitorEventsAsync"/> names the lead), and the events it held wait for
    /// <see cref="GetVisitorEventsAsync"/>.
    /// </summary>
    Task<VisitorClaim> ClaimVisitorAsync(VisitorKey visitor, string leadId, CancellationToken cancellationToken = default);

    /// <summary>Every event the visitor holds (any order; empty when none, or when the visitor is unknown).</summary>
    Task<IReadOnlyList<StoredEvent>> GetVisitorEventsAsync(VisitorKey visitor, CancellationToken cancellationToken = default);

    /// <summary>Deletes these events of the visitor (moved to its lead, or dropped); ones already gone are fine.</summary>
    Task RemoveVisitorEventsAsync(
        VisitorKey visitor,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Forgets a visitor whose lead is gone (erased while the join was under way): its events and its claim go, when the
    /// claim is <paramref name="leadId"/>'s (or there is none). The visitor id is then unknown, as a new one.
    /// </summary>
    Task ForgetVisitorAsync(VisitorKey visitor, string leadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Retention: for up to <paramref name="maxVisitors"/> visitors holding events received before
    /// <paramref name="receivedBefore"/> (found through an index, never by a scan), deletes those events and any beyond
    /// the newest <see cref="VisitorEvents.MaxPerVisitor"/>, and forgets visitors left with no event. Joined visitors that
    /// still hold events are reported, not deleted (their events belong to their lead).
    /// </summary>
    Task<VisitorExpiry> ExpireVisitorEventsAsync(
        DateTimeOffset receivedBefore,
        int maxVisitors,
        CancellationToken cancellationToken = default);
}
