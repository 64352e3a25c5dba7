using LeadFunctions.Diagnostics;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Visitors;

/// <summary>
/// Retention of anonymous visitors, run by the decay timer: events of visitors that never identified are deleted
/// <see cref="TrackingOptions.AnonymousRetentionDays"/> days after they were received (visitors are found through an
/// index by when their oldest event was received, never by scanning them), and a joined visitor found still holding
/// events (a join cut short) has them moved to its lead, which is then rescored.
/// </summary>
public sealed partial class VisitorRetentionService(
    IVisitorStore visitors,
    VisitorJoinService joins,
    IRescoreQueue rescoreQueue,
    IOptions<TrackingOptions> options,
    TimeProvider timeProvider,
    ILogger<VisitorRetentionService> logger)
{
    /// <summary>Visitors reviewed per run at most; the rest wait for the next run.</summary>
    public const int MaxVisitorsPerRun = 10_000;

    public async Task<VisitorRetentionResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var receivedBefore = timeProvider.GetUtcNow().AddDays(-options.Value.AnonymousRetentionDays);
        var expiry = await visitors.ExpireVisitorEventsAsync(receivedBefore, MaxVisitorsPerRun, cancellationToken);
        var completed = new List<string>();
        foreach (var visitor in expiry.Unmoved)
        {
            if (await TryMoveAsync(visitor, cancellationToken))
            {
                completed.Add(visitor.LeadId);
            }
        }

        if (completed.Count > 0)
        {
            await rescoreQueue.EnqueueAsync([.. completed.Distinct(StringComparer.Ordinal)], cancellationToken);
        }

        if (expiry.Visitors > 0)
        {
            LogRun(logger, expiry.Visitors, expiry.DeletedEvents, completed.Count);
        }

        return new VisitorRetentionResult(expiry.Visitors, expiry.DeletedEvents, completed.Count);
    }

    /// <summary>True when events moved to the lead; one visitor that fails is logged and found again by the next run.</summary>
    private async Task<bool> TryMoveAsync(JoinedVisitor visitor, CancellationToken cancellationToken)
    {
        try
        {
            return await joins.MoveEventsAsync(visitor, cancellationToken) > 0;
        }
        catch (LeadNotFoundException)
        {
            return false; // the lead was erased: the visitor is forgotten with it
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogMoveFailed(logger, RedactedException.From(exception), visitor.LeadId);
            return false;
        }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Visitor retention: {Visitors} visitors reviewed, {Deleted} events deleted, "
            + "{Leads} leads given the events of a join cut short")]
    private static partial void LogRun(ILogger logger, int visitors, int deleted, int leads);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Moving a joined visitor's events to lead {LeadId} failed; the next run tries again")]
    private static partial void LogMoveFailed(ILogger logger, Exception exception, string leadId);
}
