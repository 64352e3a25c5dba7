namespace LeadFunctions.Notifications;

/// <summary>What one run did with the due SLA reminders.</summary>
/// <param name="Sent">Reminders the relay accepted.</param>
/// <param name="NotNeeded">Hand-offs sales answered before the reminder was due: no email.</param>
/// <param name="Retrying">Failed sends that will be retried.</param>
/// <param name="Failed">Reminders given up after <c>Handoff__MaxAttempts</c>.</param>
public sealed record ReminderDispatchResult(int Sent, int NotNeeded, int Retrying, int Failed)
{
    public static ReminderDispatchResult None { get; } = new(0, 0, 0, 0);
}
