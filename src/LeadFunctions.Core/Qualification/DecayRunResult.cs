using LeadFunctions.Notifications;
using LeadFunctions.Visitors;

namespace LeadFunctions.Qualification;

/// <summary>What one timer run did.</summary>
public sealed record DecayRunResult(int Reviewed, int Rescored, HandoffDispatchResult Handoffs)
{
    public ReminderDispatchResult Reminders { get; init; } = ReminderDispatchResult.None;

    /// <summary>The anonymous visitors' retention run (events deleted past <c>Tracking__AnonymousRetentionDays</c>).</summary>
    public VisitorRetentionResult Visitors { get; init; } = VisitorRetentionResult.None;
}
