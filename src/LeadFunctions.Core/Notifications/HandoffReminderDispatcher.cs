using LeadFunctions.Leads;
using LeadFunctions.Sales;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Notifications;

/// <summary>
/// Sends the one SLA reminder of each hand-off that sales has neither accepted nor rejected within
/// <see cref="HandoffOptions.SlaHours"/> of its email, through the same outbox step as the hand-off
/// (<see cref="OutboxStep"/>): a run claims the reminder (status Sending with a lease, under the hand-off's ETag, so a
/// second run or instance skips it), sends, and records it as Sent on the hand-off. A hand-off that was answered (or
/// handed off again) gets no email: its reminder is recorded as NotNeeded. A failed send is retried with backoff, then
/// Failed.
/// </summary>
public sealed class HandoffReminderDispatcher(
    IHandoffOutbox handoffs,
    ILeadRepository leads,
    ISalesNotifier notifier,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<HandoffReminderDispatcher> logger)
{
    private readonly OutboxStep _outbox = new("SLA reminder of hand-off", timeProvider, logger);

    public async Task<ReminderDispatchResult> RemindDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var due = await handoffs.GetDueRemindersAsync(timeProvider.GetUtcNow(), settings.MaxPerRun, cancellationToken);
        var outcomes = new List<ReminderStatus?>(due.Count);
        foreach (var handoff in due)
        {
            outcomes.Add(await RemindAsync(handoff, settings, cancellationToken));
        }

        return new ReminderDispatchResult(
            outcomes.Count(status => status == ReminderStatus.Sent),
            outcomes.Count(status => status == ReminderStatus.NotNeeded),
            outcomes.Count(status => status == ReminderStatus.Pending),
            outcomes.Count(status => status == ReminderStatus.Failed));
    }

    private async Task<ReminderStatus?> RemindAsync(SalesHandoff handoff, HandoffOptions settings, CancellationToken cancellationToken)
    {
        var reminder = handoff.Reminder ?? throw new ArgumentException("The hand-off has no reminder.", nameof(handoff));
        var lead = await leads.GetLeadAsync(handoff.LeadId, cancellationToken);
        if (lead is null)
        {
            return null; // erased: erasure removes the reminder's index row too
        }

        if (SalesTransitions.IsAnswered(lead.Score?.StageHistory ?? [], handoff.HandoffId))
        {
            await handoffs.TryUpdateReminderAsync(
                handoff with { Reminder = reminder with { Status = ReminderStatus.NotNeeded, NextAttemptAt = null } },
                cancellationToken);
            return ReminderStatus.NotNeeded;
        }

        return await _outbox.RunAsync(Delivery(handoff, reminder, lead, cancellationToken), settings, cancellationToken) switch
        {
            OutboxOutcome.Sent => ReminderStatus.Sent,
            OutboxOutcome.Retrying => ReminderStatus.Pending,
            OutboxOutcome.Failed => ReminderStatus.Failed,
            _ => null, // another run claimed it first, or the lead was erased
        };
    }

    private OutboxDelivery<SalesHandoff> Delivery(
        SalesHandoff handoff,
        HandoffReminder reminder,
        Lead lead,
        CancellationToken cancellationToken) => new(
        handoff.LeadId,
        handoff.HandoffId,
        TryClaimAsync: async leaseEnd =>
        {
            var claim = reminder with { Status = ReminderStatus.Sending, Attempts = reminder.Attempts + 1, NextAttemptAt = leaseEnd };
            var claimed = await handoffs.TryUpdateReminderAsync(handoff with { Reminder = claim }, cancellationToken);
            return claimed?.Reminder is null ? null : claimed;
        },
        AttemptsOf: claimed => claimed.Reminder!.Attempts,
        SendAsync: async claimed =>
        {
            await notifier.RemindAsync(lead, claimed, cancellationToken);
            return true;
        },
        TryRecordSentAsync: async (claimed, sentAt) => await handoffs.TryUpdateReminderAsync(
            claimed with { Reminder = claimed.Reminder! with { Status = ReminderStatus.Sent, SentAt = sentAt, NextAttemptAt = null } },
            cancellationToken) is not null,
        RecordFailureAsync: (claimed, _, nextAttemptAt) => handoffs.TryUpdateReminderAsync(
            claimed with
            {
                Reminder = claimed.Reminder! with
                {
                    Status = nextAttemptAt is null ? ReminderStatus.Failed : ReminderStatus.Pending,
                    NextAttemptAt = nextAttemptAt,
                },
            },
            cancellationToken));
}
