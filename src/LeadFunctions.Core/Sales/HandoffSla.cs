using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>A hand-off's age against its SLA: how long sales has had it, and whether it is overdue.</summary>
/// <param name="Since">When sales got it: the email's send time (the move into SQL while it is not sent yet).</param>
/// <param name="DueAt">When the SLA runs out.</param>
/// <param name="Age">Time since <paramref name="Since"/>.</param>
/// <param name="Answered">Sales accepted or rejected it (or acted otherwise), or it was superseded by a later hand-off.</param>
/// <param name="IsOverdue">Not answered and past <paramref name="DueAt"/>.</param>
public sealed record HandoffSla(DateTimeOffset Since, DateTimeOffset DueAt, TimeSpan Age, bool Answered, bool IsOverdue)
{
    public static HandoffSla For(SalesHandoff handoff, IReadOnlyList<StageChange> history, TimeSpan sla, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(history);
        var since = handoff.SentAt ?? handoff.QualifiedAt;
        var due = since + sla;
        var answered = SalesTransitions.IsAnswered(history, handoff.HandoffId);
        var age = now > since ? now - since : TimeSpan.Zero;
        return new HandoffSla(since, due, age, answered, !answered && now >= due);
    }
}
