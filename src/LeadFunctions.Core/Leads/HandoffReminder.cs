namespace LeadFunctions.Leads;

/// <summary>
/// The one SLA reminder of a hand-off: due when the hand-off has been neither accepted nor rejected within
/// <c>Handoff__SlaHours</c> of its email. Sent through the same outbox as the hand-off (claimed with a lease under the
/// hand-off's ETag, then recorded), so two timer runs never both send it.
/// </summary>
public sealed record HandoffReminder
{
    /// <summary>When the SLA runs out: the email's send time plus the SLA.</summary>
    public required DateTimeOffset DueAt { get; init; }

    public ReminderStatus Status { get; init; } = ReminderStatus.Pending;

    public int Attempts { get; init; }

    /// <summary>The claim's lease while sending, the backoff after a failure.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>True when a run may take it now: pending and due, or claimed by a run whose lease ran out.</summary>
    public bool IsDueAt(DateTimeOffset now) =>
        Status is ReminderStatus.Pending or ReminderStatus.Sending && (NextAttemptAt ?? DueAt) <= now && DueAt <= now;
}
