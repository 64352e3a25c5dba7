
namespace LeadFunctions.Leads;

/// <summary>
/// The port to where leads, their events and their sales hand-offs are kept (Azure Table Storage in production).
/// Every method is safe to call again after a failure or a crash: writes are idempotent or guarded by ETags.
/// A lead whose erasure began (<see cref="EraseLeadAsync"/>) is gone for every reader and refused by every writer, as
/// an erased one is: the write returns false, null, <see cref="SalesSaveResult.NotFound"/> or throws
/// <see cref="LeadNotFoundException"/>, exactly as for a lead that no longer exists.
/// </summary>
public interface ILeadStore
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
    /// and left as it was.
    /// </summary>
    Task<EventAppendResult> AppendEventsAsync(
        string leadId,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default);

    /// <summary>The lead with every stored event (in time order) and its ETag, or null when it does not exist.</summary>
    Task<LeadScoringState?> GetScoringStateAsync(string leadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a new score for the lead read as <paramref name="current"/> (guarded by its ETag) and, in the same atomic
    /// write, the sales hand-off it requires. Also moves the lead in the stage and decay-review indexes. False when the
    /// lead changed since it was read (read again and rescore) or no longer exists.
    /// </summary>
    Task<bool> TrySaveScoreAsync(
        Lead current,
        StoredScore score,
        SalesHandoff? handoff,
        DateTimeOffset now,
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

    /// <summary>
    /// Decay reviews due at <paramref name="now"/>, the earliest hour first, read from an index (one query per page),
    /// so the cost grows with the number of due leads and not with the number of leads. The rows are not checked
    /// against their leads here: a row can be stale (its lead moved its review, or is gone). The caller reads each
    /// lead anyway, so it checks the row then (<see cref="DecayReview.IsCurrentFor"/>) and removes a stale one with
    /// <see cref="RemoveDecayReviewAsync"/>; that saves a read per due lead.
    /// </summary>
    Task<IReadOnlyList<DecayReview>> GetDueDecayReviewsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default);

    /// <summary>Removes a stale decay review row. Idempotent.</summary>
    Task RemoveDecayReviewAsync(DecayReview review, CancellationToken cancellationToken = default);

    /// <summary>Hand-offs that are pending (or whose sending lease expired) and due for an attempt at <paramref name="now"/>.</summary>
    Task<IReadOnlyList<SalesHandoff>> GetDueHandoffsAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a hand-off's new state if its ETag is still current and returns it with its new ETag; null when another
    /// worker changed it or the lead was erased.
    /// </summary>
    Task<SalesHandoff?> TryUpdateHandoffAsync(SalesHandoff handoff, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a sent hand-off (<see cref="HandoffStatus.Sent"/> with <see cref="SalesHandoff.SentAt"/>) if its ETag is
    /// still current and, in the same atomic write, the lead's <see cref="Lead.SalesNotifiedAt"/>: a crash can never
    /// leave one without the other. A planned <see cref="SalesHandoff.Reminder"/> enters the reminder index first. Returns it with its
    /// new ETag; null when another worker changed it or the lead was
    /// erased.
    /// </summary>
    Task<SalesHandoff?> TryRecordHandoffSentAsync(SalesHandoff sent, CancellationToken cancellationToken = default);

    /// <summary>One hand-off of a lead (with its ETag), or null when there is none (or the lead was erased).</summary>
    Task<SalesHandoff?> GetHandoffAsync(string leadId, string handoffId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Hand-offs whose SLA reminder is due at <paramref name="now"/> (or whose reminder's sending lease expired), read
    /// from an index by the hour they are due, so the cost grows with the number of due reminders only.
    /// </summary>
    Task<IReadOnlyList<SalesHandoff>> GetDueRemindersAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a hand-off's reminder state if its ETag is still current and returns it with its new ETag; null when
    /// another worker changed it or the lead was erased. A finished reminder leaves the reminder index.
    /// </summary>
    Task<SalesHandoff?> TryUpdateReminderAsync(SalesHandoff handoff, CancellationToken cancellationToken = default);

    /// <summary>True when a sales status with this external id was already recorded for the lead (the status API's replay key).</summary>
    Task<bool> IsSalesStatusRecordedAsync(string leadId, string externalId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The receipt of a sales status recorded for the lead with this external id (with the status recorded and the hash of
    /// its body, when kept), or null when there is none.
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

    /// <summary>
    /// Erases the lead and everything about it: events, hand-offs, index entries. Idempotent, and safe to run twice at
    /// once. It first marks the lead as being erased; from then on every write to it is refused, so a write racing the
    /// erasure either happened before the mark (and is erased with the rest) or is refused.
    /// </summary>
    Task EraseLeadAsync(string leadId, CancellationToken cancellationToken = default);

    /// <summary>Completes when the store answers (one cheap request); throws when it cannot be reached.</summary>
    Task CheckAvailabilityAsync(CancellationToken cancellationToken = default);
}
