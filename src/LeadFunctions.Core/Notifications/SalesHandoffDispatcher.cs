using LeadFunctions.Leads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Notifications;

/// <summary>
/// Sends due sales hand-offs through the <see cref="ISalesNotifier"/>, as an outbox (<see cref="OutboxStep"/>): a worker
/// first claims a hand-off (status Sending with a lease, guarded by its ETag, so two timer runs never send the same
/// one), sends, then records it as Sent. A failure leaves it pending with a backoff; after
/// <see cref="HandoffOptions.MaxAttempts"/> it is Failed and visible. Recording it as Sent also records the inbox it went
/// to and plans its SLA reminder (<see cref="HandoffReminderDispatcher"/>), in the same atomic write as the lead's
/// <see cref="Lead.SalesNotifiedAt"/>.
/// </summary>
public sealed class SalesHandoffDispatcher(
    IHandoffOutbox handoffs,
    ILeadRepository leads,
    ISalesNotifier notifier,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<SalesHandoffDispatcher> logger)
{
    private readonly OutboxStep _outbox = new("Sales hand-off", timeProvider, logger);

    public async Task<HandoffDispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var due = await handoffs.GetDueHandoffsAsync(timeProvider.GetUtcNow(), settings.MaxPerRun, cancellationToken);
        int sent = 0, retrying = 0, failed = 0;
        foreach (var handoff in due)
        {
            switch (await _outbox.RunAsync(Delivery(handoff, settings, cancellationToken), settings, cancellationToken))
            {
                case OutboxOutcome.Sent:
                    sent++;
                    break;
                case OutboxOutcome.Retrying:
                    retrying++;
                    break;
                case OutboxOutcome.Failed:
                    failed++;
                    break;
            }
        }

        return new HandoffDispatchResult(sent, retrying, failed);
    }

    private OutboxDelivery<SalesHandoff> Delivery(SalesHandoff handoff, HandoffOptions settings, CancellationToken cancellationToken)
    {
        Lead? lead = null;
        return new OutboxDelivery<SalesHandoff>(
            handoff.LeadId,
            handoff.HandoffId,
            TryClaimAsync: leaseEnd => handoffs.TryUpdateHandoffAsync(
                handoff with { Status = HandoffStatus.Sending, Attempts = handoff.Attempts + 1, NextAttemptAt = leaseEnd },
                cancellationToken),
            AttemptsOf: claimed => claimed.Attempts,
            SendAsync: async claimed =>
            {
                lead = await leads.GetLeadAsync(handoff.LeadId, cancellationToken);
                if (lead is null)
                {
                    return false; // erased after the claim: never email an erased lead
                }

                await notifier.NotifyAsync(lead, claimed, cancellationToken);
                return true;
            },
            TryRecordSentAsync: async (claimed, sentAt) =>
                await handoffs.TryRecordHandoffSentAsync(Sent(claimed, lead!, sentAt, settings), cancellationToken) is not null,
            RecordFailureAsync: (claimed, exception, nextAttemptAt) => handoffs.TryUpdateHandoffAsync(
                claimed with
                {
                    Status = nextAttemptAt is null ? HandoffStatus.Failed : HandoffStatus.Pending,
                    NextAttemptAt = nextAttemptAt,
                    LastError = exception.GetType().Name,
                },
                cancellationToken));
    }

    /// <summary>
    /// The hand-off as sent, straight after the relay accepted the email: the only window in which a crash repeats an
    /// email is its one write. The inbox it went to (the actor of the link's actions, and the reminder's recipient) and
    /// the SLA reminder go into the same write.
    /// </summary>
    private SalesHandoff Sent(SalesHandoff claimed, Lead lead, DateTimeOffset sentAt, HandoffOptions settings) => claimed with
    {
        Status = HandoffStatus.Sent,
        SentAt = sentAt,
        NextAttemptAt = null,
        LastError = null,
        Recipient = notifier.RecipientFor(lead),
        Reminder = new HandoffReminder { DueAt = sentAt + settings.Sla },
    };
}
