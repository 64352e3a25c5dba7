using LeadFunctions.Notifications;

namespace LeadFunctions.Qualification;

/// <summary>What one timer run did.</summary>
public sealed record DecayRunResult(int Reviewed, int Rescored, HandoffDispatchResult Handoffs)
{
    public ReminderDispatchResult Reminders { get; init; } = ReminderDispatchResult.None;
}
