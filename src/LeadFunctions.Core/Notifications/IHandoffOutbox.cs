using LeadFunctions.Leads;

namespace LeadFunctions.Notifications;

/// <summary>
/// The port to the sales hand-offs waiting to be sent and their SLA reminders: the outbox the dispatchers claim, send
/// and record through. A hand-off is written with the score that requires it (<see cref="Qualification.ILeadScoreStore"/>).
/// Every write is guarded by the hand-off's ETag; a lead whose erasure began refuses them all (null).
/// </summary>
public interface IHandoffOutbox
{
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
    /// leave one without the other. A planned <see cref="SalesHandoff.Reminder"/> enters the reminder index first. Returns
    /// it with its new ETag; null when another worker changed it or the lead was erased.
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
}
