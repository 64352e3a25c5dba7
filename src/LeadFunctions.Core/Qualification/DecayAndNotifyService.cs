using LeadFunctions.Diagnostics;
using LeadFunctions.Leads;
using LeadFunctions.ModelReviews;
using LeadFunctions.Notifications;
using LeadFunctions.Reporting;
using LeadFunctions.Visitors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Qualification;

/// <summary>
/// The timer's work: rescore the leads whose decay review is due (found through an index, never by scanning every
/// lead), which demotes leads that went quiet, then hand new SQLs to sales and remind sales of hand-offs past their SLA,
/// finish the funnel counts a crash left half written (<paramref name="funnel"/>), delete the events of anonymous visitors
/// past their retention (<paramref name="visitors"/>), and retry the weekly model review's email when it failed
/// (<paramref name="reviewEmails"/>); tests that do without any of them leave them out.
/// </summary>
public sealed partial class DecayAndNotifyService(
    IDecayReviewIndex decayReviews,
    LeadRescoringService rescoring,
    SalesHandoffDispatcher dispatcher,
    HandoffReminderDispatcher reminders,
    IOptions<DecayOptions> options,
    TimeProvider timeProvider,
    ILogger<DecayAndNotifyService> logger,
    IFunnelCounterStore? funnel = null,
    VisitorRetentionService? visitors = null,
    ModelReviewEmailDispatcher? reviewEmails = null)
{
    public async Task<DecayRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var started = timeProvider.GetTimestamp();
        var now = timeProvider.GetUtcNow();
        int reviewed = 0, demoted = 0;
        var seen = new HashSet<DecayReview>();

        while (reviewed < settings.MaxLeadsPerRun)
        {
            // A review whose rescore failed is still due: take it once per run, and stop when a page holds only those.
            var pageSize = Math.Min(settings.PageSize, settings.MaxLeadsPerRun - reviewed);
            var due = (await decayReviews.GetDueDecayReviewsAsync(now, pageSize, cancellationToken))
                .Where(seen.Add)
                .ToArray();
            if (due.Length == 0)
            {
                break;
            }

            var outcomes = new RescoreOutcome?[due.Length];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, due.Length),
                new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
                async (i, token) => outcomes[i] = await TryRescoreAsync(due[i], token));

            reviewed += due.Length;
            demoted += outcomes.Count(outcome => outcome == RescoreOutcome.Rescored);
        }

        var handoffs = await dispatcher.DispatchDueAsync(cancellationToken);
        var reminded = await reminders.RemindDueAsync(cancellationToken);
        if (reviewEmails is not null)
        {
            await reviewEmails.DispatchDueAsync(cancellationToken);
        }

        if (funnel is not null)
        {
            await funnel.CompletePendingAsync(now, cancellationToken);
        }

        var retention = visitors is null ? VisitorRetentionResult.None : await visitors.RunAsync(cancellationToken);

        var elapsed = timeProvider.GetElapsedTime(started);
        LogRun(logger, reviewed, handoffs.Sent, handoffs.Retrying, handoffs.Failed, reminded.Sent, elapsed.TotalMilliseconds);
        return new DecayRunResult(reviewed, demoted, handoffs) { Reminders = reminded, Visitors = retention };
    }

    /// <summary>One lead that cannot be rescored (it is logged and retried next run) must not stop the others.</summary>
    private async Task<RescoreOutcome?> TryRescoreAsync(DecayReview review, CancellationToken cancellationToken)
    {
        try
        {
            return await rescoring.ReviewDecayAsync(review, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRescoreFailed(logger, RedactedException.From(exception), review.LeadId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decay review of lead {LeadId} failed; it stays due for the next run")]
    private static partial void LogRescoreFailed(ILogger logger, Exception exception, string leadId);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Decay run: {Reviewed} leads reviewed; hand-offs sent {Sent}, retrying {Retrying}, failed {Failed}; SLA reminders "
            + "sent {Reminded}; {ElapsedMs} ms")]
    private static partial void LogRun(ILogger logger, int reviewed, int sent, int retrying, int failed, int reminded, double elapsedMs);
}
