using System.Globalization;

namespace LeadFunctions.Leads;

/// <summary>The sales hand-off of one move into SQL: an outbox entry, written atomically with the lead's new stage.</summary>
public sealed record SalesHandoff
{
    /// <summary>Deterministic per SQL entry: "sql-" and the UTC ticks of the stage change, so a replay writes the same id.</summary>
    public required string HandoffId { get; init; }

    public required string LeadId { get; init; }

    public required DateTimeOffset QualifiedAt { get; init; }

    public HandoffStatus Status { get; init; } = HandoffStatus.Pending;

    public int Attempts { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>Why the last attempt failed (no personal data).</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// The inbox the email went to (recorded when it was sent): the actor of the link's actions, and where the reminder goes.
    /// </summary>
    public string? Recipient { get; init; }

    /// <summary>
    /// The SLA reminder, planned when the email was sent; null before that (and for hand-offs sent before reminders existed).
    /// </summary>
    public HandoffReminder? Reminder { get; init; }

    public string? ETag { get; init; }

    /// <summary>The pending hand-off of a move into SQL at <paramref name="qualifiedAt"/>, due at once.</summary>
    public static SalesHandoff For(string leadId, DateTimeOffset qualifiedAt) =>
        new() { HandoffId = IdFor(qualifiedAt), LeadId = leadId, QualifiedAt = qualifiedAt, NextAttemptAt = qualifiedAt };

    public static string IdFor(DateTimeOffset qualifiedAt) =>
        "sql-" + qualifiedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The time of the move into SQL that a hand-off id names; false for an id of another shape.</summary>
    public static bool TryParseId(string? handoffId, out DateTimeOffset qualifiedAt)
    {
        qualifiedAt = default;
        if (handoffId is not { Length: 23 } || !handoffId.StartsWith("sql-", StringComparison.Ordinal)
            || !long.TryParse(handoffId.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        qualifiedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
