namespace LeadFunctions.Leads;

/// <summary>
/// The port to where leads and their events are kept (Azure Table Storage in production): a lead found, created, read
/// and listed, its profile replaced, its events appended. Every method is safe to call again after a failure or a crash:
/// writes are idempotent or guarded by ETags. A lead whose erasure began (<see cref="ILeadErasure"/>) is gone for every
/// reader and refused by every writer, exactly as a lead that no longer exists.
/// </summary>
public interface ILeadRepository
{
    /// <summary>The lead of a normalized email address, or null.</summary>
    Task<Lead?> FindLeadByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the lead of <paramref name="profile"/>'s email, creating it (with <paramref name="attribution"/>) when
    /// there is none, or when the lead of that email is being erased (a new lead: an erased lead never comes back).
    /// Race-safe: concurrent callers for one email all get the same lead. When the lead is created,
    /// <paramref name="firstEvents"/> (at most 99) are stored with it in the same atomic write; when it already
    /// existed they are not stored, and the caller appends them.
    /// </summary>
    Task<(Lead Lead, bool Created)> GetOrCreateLeadAsync(
        LeadProfile profile,
        LeadAttribution attribution,
        IReadOnlyList<StoredEvent>? firstEvents = null,
        CancellationToken cancellationToken = default);

    /// <summary>The lead, or null when it does not exist (or was erased).</summary>
    Task<Lead?> GetLeadAsync(string leadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the lead's profile if <see cref="Lead.ETag"/> is still current; false on a concurrent change or when gone.
    /// </summary>
    Task<bool> TryUpdateProfileAsync(Lead lead, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores events for a lead, idempotently on (source, event id): an event stored before is counted as a duplicate
    /// and left as it was. Throws <see cref="LeadNotFoundException"/> when the lead is gone.
    /// </summary>
    Task<EventAppendResult> AppendEventsAsync(
        string leadId,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default);

    /// <summary>Leads at a stage, a page at a time.</summary>
    Task<LeadPage> ListLeadsByStageAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// A stage's index rows, a page at a time, without reading a lead: each lead id with when it last moved into the
    /// stage (<see cref="StageEntry"/>). Rows can be stale (the lead moved on, or is gone): a caller checks the leads it
    /// keeps. For reads that need only a few of many leads of a stage (the most recent outcomes).
    /// </summary>
    Task<StageEntryPage> ListStageEntriesAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default);

    /// <summary>All lead ids, a page at a time (for a rescore of every lead after a model change).</summary>
    Task<LeadIdPage> ListLeadIdsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);
}
