using LeadFunctions.Diagnostics;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Notifications;

/// <summary>
/// Sends the one SLA reminder of each hand-off that sales has neither accepted nor rejected within
/// <see cref="HandoffOptions.SlaHours"/> of its email, through the same outbox discipline as the hand-off: a run claims
/// the reminder (status Sending with a lease, under the hand-off's ETag, so a second run or instance skips it), sends,
/// and records it as Sent on the hand-off. A hand-off that was answered (or handed off again) gets no email: its
/// reminder is recorded as NotNeeded. A failed send is retried with backoff, then Failed.
/// </summary>
public sealed partial class HandoffReminderDispatcher(
    ILeadStore store,
    ISalesNotifier notifier,
    IOptions<HandoffOptions> options,
    TimeProvider timeProvider,
    ILogger<HandoffReminderDispatcher> logger)
{
    public async Task<ReminderDispatchResult> RemindDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var due = await store.GetDueRemindersAsync(timeProvider.GetUtcNow(), settings.MaxPerRun, cancellationToken);
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

    /// <summary>Pending again after a backoff, or Failed after the last attempt.</summary>
    private async Task<ReminderStatus> RecordFailureAsync(
        SalesHandoff claimed,
        HandoffReminder taken,
        Exception exception,
        HandoffOptions settings,
        CancellationToken cancellationToken)
    {
        var gaveUp = taken.Attempts >= settings.MaxAttempts;
        var retry = taken with
        {
            Status = gaveUp ? ReminderStatus.Failed : ReminderStatus.Pending,
            NextAttemptAt = gaveUp ? null : timeProvider.GetUtcNow() + SalesHandoffDispatcher.Backoff(taken.Attempts, settings),
        };
        await store.TryUpdateReminderAsync(claimed with { Reminder = retry }, cancellationToken);
        LogFailed(logger, RedactedException.From(exception), claimed.LeadId, taken.Attempts, gaveUp);
        return retry.Status;
    }

    private async Task<ReminderStatus?> RemindAsync(SalesHandoff handoff, HandoffOptions settings, CancellationToken cancellationToken)
    {
        var reminder = handoff.Reminder ?? throw new ArgumentException("The hand-off has no reminder.", nameof(handoff));
        var lead = await store.GetLeadAsync(handoff.LeadId, cancellationToken);
        if (lead is null)
        {
            return null; // erased: erasure removes the reminder's index row too
        }

        if (SalesTransitions.IsAnswered(lead.Score?.StageHistory ?? [], handoff.HandoffId))
        {
            await store.TryUpdateReminderAsync(
                handoff with { Reminder = reminder with { Status = ReminderStatus.NotNeeded, NextAttemptAt = null } },
                cancellationToken);
            return ReminderStatus.NotNeeded;
        }

        var claim = reminder with
        {
            Status = ReminderStatus.Sending,
            Attempts = reminder.Attempts + 1,
            NextAttemptAt = timeProvider.GetUtcNow() + settings.SendLease,
        };
        var claimed = await store.TryUpdateReminderAsync(handoff with { Reminder = claim }, cancellationToken);
        if (claimed?.Reminder is not { } taken)
        {
            return null; // another run claimed it first, or the lead was erased
        }

        try
        {
            await notifier.RemindAsync(lead, claimed, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return await RecordFailureAsync(claimed, taken, exception, settings, cancellationToken);
        }

        var sentReminder = taken with { Status = ReminderStatus.Sent, SentAt = timeProvider.GetUtcNow(), NextAttemptAt = null };
        var sent = claimed with { Reminder = sentReminder };
        if (await store.TryUpdateReminderAsync(sent, cancellationToken) is null)
        {
            LogRecordLost(logger, handoff.LeadId, handoff.HandoffId);
        }

        LogSent(logger, handoff.LeadId, handoff.HandoffId);
        return ReminderStatus.Sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA reminder of hand-off {HandoffId} of lead {LeadId} sent")]
    private static partial void LogSent(ILogger logger, string leadId, string handoffId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "SLA reminder of hand-off {HandoffId} of lead {LeadId} was sent but could not be recorded: its lease was taken over "
            + "or the lead was erased")]
    private static partial void LogRecordLost(ILogger logger, string leadId, string handoffId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SLA reminder of lead {LeadId} failed (attempt {Attempt}); gave up: {GaveUp}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string leadId, int attempt, bool gaveUp);
}
