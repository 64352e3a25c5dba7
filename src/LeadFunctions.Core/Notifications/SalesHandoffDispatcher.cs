using LeadFunctions.Diagnostics;
using LeadFunctions.Leads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Notifications;

/// <summary>
/// Sends due sales hand-offs through the <see cref="ISalesNotifier"/>, as an outbox: a worker first claims a hand-off
/// (status Sending with a lease, guarded by its ETag, so two timer runs never send the same one), sends, then records
/// it as Sent. A failure leaves it pending with a backoff; after <see cref="HandoffOptions.MaxAttempts"/> it is Failed
/// and visible. A crash between sending and recording is the one window that can repeat an email: the lease expires
/// and the next run sends it again (at least once, never lost). Recording it as Sent also records the inbox it went to
/// and plans its SLA reminder (<see cref="HandoffReminderDispatcher"/>).
/// </summary>
public sealed partial class SalesHandoffDispatcher(
    ILeadStore store,
    ISalesNotifier notifier,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<SalesHandoffDispatcher> logger)
{
    public async Task<HandoffDispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var due = await store.GetDueHandoffsAsync(now, settings.MaxPerRun, cancellationToken);
        int sent = 0, retrying = 0, failed = 0;
        foreach (var handoff in due)
        {
            switch (await DispatchAsync(handoff, settings, cancellationToken))
            {
                case HandoffStatus.Sent:
                    sent++;
                    break;
                case HandoffStatus.Pending:
                    retrying++;
                    break;
                case HandoffStatus.Failed:
                    failed++;
                    break;
            }
        }

        return new HandoffDispatchResult(sent, retrying, failed);
    }

    private async Task<HandoffStatus?> DispatchAsync(SalesHandoff handoff, HandoffOptions settings, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var claim = handoff with
        {
            Status = HandoffStatus.Sending,
            Attempts = handoff.Attempts + 1,
            NextAttemptAt = now + settings.SendLease,
        };
        if (await store.TryUpdateHandoffAsync(claim, cancellationToken) is not { } claimed)
        {
            return null; // another worker claimed it, or the lead was erased
        }

        if (await store.GetLeadAsync(handoff.LeadId, cancellationToken) is not { } lead)
        {
            return null; // erased after the claim: never email an erased lead
        }

        try
        {
            await notifier.NotifyAsync(lead, claimed, cancellationToken);
        }
#pragma warning disable CA1031 // Any failure of the transport keeps the hand-off pending; it is retried, never dropped.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return await RecordFailureAsync(claimed, exception, settings, cancellationToken);
        }

        await RecordSentAsync(claimed, lead, settings, cancellationToken);
        return HandoffStatus.Sent;
    }

    /// <summary>Pending again after a backoff, or Failed (and visible) after the last attempt.</summary>
    private async Task<HandoffStatus> RecordFailureAsync(
        SalesHandoff claimed,
        Exception exception,
        HandoffOptions settings,
        CancellationToken cancellationToken)
    {
        var attempts = claimed.Attempts;
        var gaveUp = attempts >= settings.MaxAttempts;
        var retry = claimed with
        {
            Status = gaveUp ? HandoffStatus.Failed : HandoffStatus.Pending,
            NextAttemptAt = gaveUp ? null : timeProvider.GetUtcNow() + Backoff(attempts, settings),
            LastError = exception.GetType().Name,
        };
        await store.TryUpdateHandoffAsync(retry, cancellationToken);
        LogSendFailed(logger, RedactedException.From(exception), claimed.LeadId, attempts, gaveUp);
        return retry.Status;
    }

    /// <summary>
    /// The hand-off row and the lead's SalesNotifiedAt in one atomic write, straight after the relay accepted the email: the
    /// only window in which a crash repeats an email is this one write. The inbox it went to (the actor of the link's
    /// actions, and the reminder's recipient) and the SLA reminder go into the same write.
    /// </summary>
    private async Task RecordSentAsync(SalesHandoff claimed, Lead lead, HandoffOptions settings, CancellationToken cancellationToken)
    {
        var sentAt = timeProvider.GetUtcNow();
        var sent = claimed with
        {
            Status = HandoffStatus.Sent,
            SentAt = sentAt,
            NextAttemptAt = null,
            LastError = null,
            Recipient = notifier.RecipientFor(lead),
            Reminder = new HandoffReminder { DueAt = sentAt + settings.Sla },
        };
        if (await store.TryRecordHandoffSentAsync(sent, cancellationToken) is null)
        {
            // The lease ran out during a slow send and another worker claimed it (it may send again), or the lead was
            // erased meanwhile. The email is out either way.
            LogRecordLost(logger, claimed.LeadId, claimed.HandoffId);
        }

        LogSent(logger, claimed.LeadId, claimed.HandoffId);
    }

    /// <summary>1, 2, 4, 8 … minutes, at most <see cref="HandoffOptions.MaxBackoff"/>.</summary>
    internal static TimeSpan Backoff(int attempts, HandoffOptions settings)
    {
        var minutes = Math.Pow(2, Math.Max(attempts - 1, 0));
        var backoff = TimeSpan.FromMinutes(Math.Min(minutes, settings.MaxBackoff.TotalMinutes));
        return backoff < settings.MaxBackoff ? backoff : settings.MaxBackoff;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sales hand-off {HandoffId} of lead {LeadId} sent")]
    private static partial void LogSent(ILogger logger, string leadId, string handoffId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Sales hand-off {HandoffId} of lead {LeadId} was sent but could not be recorded: "
            + "its lease was taken over or the lead was erased")]
    private static partial void LogRecordLost(ILogger logger, string leadId, string handoffId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sales hand-off of lead {LeadId} failed (attempt {Attempt}); gave up: {GaveUp}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string leadId, int attempt, bool gaveUp);
}
