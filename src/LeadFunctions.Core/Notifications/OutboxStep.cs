using LeadFunctions.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Notifications;

/// <summary>
/// The outbox protocol, written once for every email the app sends on its own (hand-offs, SLA reminders, the weekly
/// model review's email): claim the
/// item (a lease, under its ETag, so two runs or instances never send it both), send, record it as sent; a failure
/// leaves it pending with a backoff (1, 2, 4 … minutes up to <see cref="HandoffOptions.MaxBackoff"/>) and after
/// <see cref="HandoffOptions.MaxAttempts"/> records it failed. A crash between sending and recording is the one window
/// that repeats an email: the lease expires and the next run sends it again (at least once, never lost).
/// </summary>
/// <param name="kind">What is sent, as the log names it ("Sales hand-off").</param>
public sealed partial class OutboxStep(string kind, TimeProvider timeProvider, ILogger logger)
{
    public async Task<OutboxOutcome> RunAsync<TClaim>(
        OutboxDelivery<TClaim> delivery,
        HandoffOptions settings,
        CancellationToken cancellationToken = default)
        where TClaim : class
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(settings);
        cancellationToken.ThrowIfCancellationRequested();
        if (await delivery.TryClaimAsync(timeProvider.GetUtcNow() + settings.SendLease) is not { } claimed)
        {
            return OutboxOutcome.Skipped;
        }

        try
        {
            if (!await delivery.SendAsync(claimed))
            {
                return OutboxOutcome.Skipped;
            }
        }
#pragma warning disable CA1031 // Any failure of the transport keeps the email pending; it is retried, never dropped.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return await RecordFailureAsync(delivery, claimed, exception, settings);
        }

        if (!await delivery.TryRecordSentAsync(claimed, timeProvider.GetUtcNow()))
        {
            // The lease ran out during a slow send and another worker claimed it (it may send again), or the lead was
            // erased meanwhile. The email is out either way.
            if (delivery.LeadId is { } leadId)
            {
                LogRecordLost(logger, kind, leadId, delivery.ItemId);
            }
            else
            {
                LogItemRecordLost(logger, kind, delivery.ItemId);
            }
        }

        if (delivery.LeadId is { } lead)
        {
            LogSent(logger, kind, lead, delivery.ItemId);
        }
        else
        {
            LogItemSent(logger, kind, delivery.ItemId);
        }

        return OutboxOutcome.Sent;
    }

    /// <summary>1, 2, 4, 8 … minutes, at most <see cref="HandoffOptions.MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int attempts, HandoffOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var minutes = Math.Pow(2, Math.Max(attempts - 1, 0));
        var backoff = TimeSpan.FromMinutes(Math.Min(minutes, settings.MaxBackoff.TotalMinutes));
        return backoff < settings.MaxBackoff ? backoff : settings.MaxBackoff;
    }

    private async Task<OutboxOutcome> RecordFailureAsync<TClaim>(
        OutboxDelivery<TClaim> delivery,
        TClaim claimed,
        Exception exception,
        HandoffOptions settings)
        where TClaim : class
    {
        var attempts = delivery.AttemptsOf(claimed);
        var gaveUp = attempts >= settings.MaxAttempts;
        await delivery.RecordFailureAsync(claimed, exception, gaveUp ? null : timeProvider.GetUtcNow() + Backoff(attempts, settings));
        if (delivery.LeadId is { } leadId)
        {
            LogSendFailed(logger, RedactedException.From(exception), kind, leadId, attempts, gaveUp);
        }
        else
        {
            LogItemSendFailed(logger, RedactedException.From(exception), kind, delivery.ItemId, attempts, gaveUp);
        }

        return gaveUp ? OutboxOutcome.Failed : OutboxOutcome.Retrying;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Outbox} {HandoffId} of lead {LeadId} sent")]
    private static partial void LogSent(ILogger logger, string outbox, string leadId, string handoffId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Outbox} {HandoffId} of lead {LeadId} was sent but could not be recorded: "
            + "its lease was taken over or the lead was erased")]
    private static partial void LogRecordLost(ILogger logger, string outbox, string leadId, string handoffId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Outbox} of lead {LeadId} failed (attempt {Attempt}); gave up: {GaveUp}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string outbox, string leadId, int attempt, bool gaveUp);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Outbox} {ItemId} sent")]
    private static partial void LogItemSent(ILogger logger, string outbox, string itemId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "{Outbox} {ItemId} was sent but could not be recorded: its lease was taken over")]
    private static partial void LogItemRecordLost(ILogger logger, string outbox, string itemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Outbox} {ItemId} failed (attempt {Attempt}); gave up: {GaveUp}")]
    private static partial void LogItemSendFailed(
        ILogger logger, Exception exception, string outbox, string itemId, int attempt, bool gaveUp);
}
