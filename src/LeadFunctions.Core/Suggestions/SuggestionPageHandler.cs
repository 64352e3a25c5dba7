using System.Globalization;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Suggestions;

/// <summary>
/// The queue function's work: reads one page of a job's leads with an outcome (<see cref="KnownOutcomes"/>), turns each
/// into its evidence (<see cref="OutcomeEvidence"/>: scored by the live model as of its outcome, its captured field
/// values and event features), stores the page, then asks for the next page; after the last, fits the candidate over
/// every stored page (<see cref="PointsSuggester"/>) and stores the answer. Idempotent per page: a redelivered message
/// whose page is stored only makes sure the next message was sent, and two deliveries of one page write the same rows;
/// so a job survives a restart and resumes where it was. Messages of another attempt than the job's are ignored. Reads
/// leads; never writes one.
/// </summary>
public sealed partial class SuggestionPageHandler(
    ISuggestionStore store,
    ISuggestionQueue queue,
    KnownOutcomes outcomes,
    LeadScorer liveScorer,
    TimeProvider timeProvider,
    ILogger<SuggestionPageHandler> logger)
{
    /// <summary>Leads with an outcome per page (per queue message): <see cref="KnownOutcomes.JobPageSize"/>.</summary>
    public const int PageSize = KnownOutcomes.JobPageSize;

    public async Task HandleAsync(SuggestionPageMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var job = await store.GetJobAsync(message.JobId, cancellationToken);
        if (job is not { Status: SuggestionStatus.Running } || job.Attempt != message.Attempt)
        {
            LogNotRunning(logger, message.JobId, message.Page);
            return;
        }

        // One model for the whole page (a publish swaps the live model between two reads of it).
        var live = liveScorer.Model;
        if (live.Version != job.LiveModelVersion)
        {
            // Pages scored by two models cannot be fitted together.
            var reason = $"The live model changed from {job.LiveModelVersion} to {live.Version}; ask for the suggestion again.";
            await FinishAsync(job, SuggestionStatus.Failed, reason, null, cancellationToken);
            return;
        }

        var page = await store.GetPageAsync(job.Id, job.Attempt, message.Page, cancellationToken);
        if (page is null)
        {
            page = await ReadPageAsync(job, live, message, cancellationToken);
            await store.PutPageAsync(page, cancellationToken);
        }

        if (page.Next is { } next)
        {
            await ContinueAsync(job, page, next, cancellationToken);
        }
        else
        {
            await CompleteAsync(job, live, page.Number, cancellationToken);
        }
    }

    /// <summary>
    /// Marks the job of a message that failed all its retries (read from the poison queue) failed, with the page that
    /// failed; the exception itself is in the logs of the attempts. A message that is not a suggestion page is dropped.
    /// </summary>
    public async Task FailAsync(string messageText, CancellationToken cancellationToken = default)
    {
        SuggestionPageMessage message;
        try
        {
            message = SuggestionMessages.Deserialize(messageText);
        }
        catch (InvalidSuggestionMessageException)
        {
            LogPoisonDropped(logger);
            return;
        }

        if (await store.GetJobAsync(message.JobId, cancellationToken) is { Status: SuggestionStatus.Running } job
            && job.Attempt == message.Attempt)
        {
            await FinishAsync(
                job,
                SuggestionStatus.Failed,
                $"Page {message.Page} could not be processed after its retries; the app's logs have the error.",
                null,
                cancellationToken);
        }
    }

    /// <summary>The evidence of every lead of the page at <paramref name="message"/>'s cursor (reads only).</summary>
    private async Task<SuggestionPage> ReadPageAsync(
        SuggestionJob job, ScoringModel live, SuggestionPageMessage message, CancellationToken cancellationToken)
    {
        var read = await outcomes.ReadPageAsync(message.Cursor, PageSize, cancellationToken);
        var scorer = new LeadScorer(live, timeProvider);
        var activations = new RuleActivations(live);
        var evidence = new ScoredOutcome[read.Outcomes.Count];
        Parallel.For(
            0, evidence.Length, index => evidence[index] = OutcomeEvidence.Of(scorer, activations, read.Outcomes[index]));
        return new SuggestionPage(
            job.Id,
            job.Attempt,
            message.Page,
            evidence,
            read.Skipped,
            read.Next,
            message.LeadsBefore + evidence.Length,
            NextEnqueued: false);
    }

    private async Task ContinueAsync(SuggestionJob job, SuggestionPage page, OutcomeCursor next, CancellationToken cancellationToken)
    {
        if (page.NextEnqueued)
        {
            return;
        }

        await queue.EnqueueAsync(SuggestionPageMessage.After(page, next), cancellationToken);
        await store.MarkNextEnqueuedAsync(page.JobId, page.Attempt, page.Number, cancellationToken);
        if (page.Number > job.Progress.Pages)
        {
            // Progress only; a lost race (another page or the end got there first) is fine to ignore.
            var progress = new SuggestionProgress(page.Number, page.LeadsThrough, job.Progress.Skipped + page.Skipped, next.Stage);
            await store.TryUpdateJobAsync(job with { Progress = progress }, cancellationToken);
        }

        LogPageRead(logger, job.Id, page.Number, page.Evidence.Count);
    }

    /// <summary>
    /// Fits the candidate over every page of the attempt (1 to <paramref name="lastPage"/>), keeping the
    /// <see cref="KnownOutcomes.MaxRecentLeads"/> most recent outcomes, stores the answer and completes the job; too few
    /// outcomes fail it with the reason.
    /// </summary>
    private async Task CompleteAsync(SuggestionJob job, ScoringModel live, int lastPage, CancellationToken cancellationToken)
    {
        var kept = new PriorityQueue<ScoredOutcome, (long Ticks, string LeadId)>(Comparer<(long Ticks, string LeadId)>.Create(
            (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.LeadId, b.LeadId)));
        var (pages, found, skipped) = (0, 0, 0L);
        await foreach (var page in store.ReadPagesAsync(job.Id, job.Attempt, cancellationToken))
        {
            pages++;
            skipped += page.Skipped;
            foreach (var outcome in page.Evidence)
            {
                found++;
                var priority = (outcome.OutcomeAt.UtcTicks, outcome.LeadId);
                if (kept.Count < KnownOutcomes.MaxRecentLeads)
                {
                    kept.Enqueue(outcome, priority);
                }
                else
                {
                    kept.EnqueueDequeue(outcome, priority);
                }
            }
        }

        if (pages != lastPage)
        {
            var missing = $"Pages are missing: {pages} of {lastPage} were stored.";
            await FinishAsync(job, SuggestionStatus.Failed, missing, null, cancellationToken);
            return;
        }

        // The fit's order (and so its answer) must not depend on the pages' order: by lead id, as before the job.
        ScoredOutcome[] evidence = [.. kept.UnorderedItems.Select(item => item.Element).OrderBy(o => o.LeadId, StringComparer.Ordinal)];
        var started = timeProvider.GetTimestamp();
        var result = PointsSuggester.Suggest(live, evidence, job.Options);
        var progress = new SuggestionProgress(lastPage, found, skipped, null);
        if (result.Suggestion is not { } suggestion)
        {
            var reason = result.Refusal + " Record outcomes with POST /api/leads/{leadId}/status (won, lost, disqualified).";
            await FinishAsync(job with { Progress = progress }, SuggestionStatus.Failed, reason, null, cancellationToken);
            return;
        }

        if (found > evidence.Length)
        {
            suggestion = suggestion with { Warnings = [.. suggestion.Warnings, CappedWarning(found, evidence.Length)] };
        }

        await store.SetResultAsync(job.Id, SuggestionResults.Serialize(suggestion), cancellationToken);
        await FinishAsync(job with { Progress = progress }, SuggestionStatus.Completed, null, progress, cancellationToken);
        var elapsed = timeProvider.GetElapsedTime(started).TotalMilliseconds;
        LogCompleted(logger, job.Id, lastPage, evidence.Length, suggestion.Discovered.Count, elapsed);
    }

    /// <summary>Ends a running job (guarded by its ETag, read again on a race); a job that ended already is left as it is.</summary>
    private async Task FinishAsync(
        SuggestionJob job, SuggestionStatus status, string? reason, SuggestionProgress? progress, CancellationToken cancellationToken)
    {
        var current = job;
        while (current is { Status: SuggestionStatus.Running } && current.Attempt == job.Attempt)
        {
            var ended = current with
            {
                Status = status,
                CompletedAt = timeProvider.GetUtcNow(),
                FailureReason = reason,
                Progress = progress ?? job.Progress,
            };
            if (await store.TryUpdateJobAsync(ended, cancellationToken))
            {
                if (status == SuggestionStatus.Failed)
                {
                    LogFailed(logger, job.Id, reason);
                }

                return;
            }

            current = await store.GetJobAsync(job.Id, cancellationToken);
        }
    }

    private static string CappedWarning(int found, int used) => string.Create(
        CultureInfo.InvariantCulture,
        $"{found} leads have a known outcome; the fit read the {used} most recent (a fixed limit of {KnownOutcomes.MaxRecentLeads}).");

    [LoggerMessage(Level = LogLevel.Information, Message = "Suggestion {JobId}: page {Page} read ({Leads} leads)")]
    private static partial void LogPageRead(ILogger logger, string jobId, int page, int leads);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Suggestion {JobId} completed: {Pages} pages, {Leads} leads fitted, {Discovered} rules discovered; fit {ElapsedMs} ms")]
    private static partial void LogCompleted(ILogger logger, string jobId, int pages, int leads, int discovered, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suggestion {JobId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string jobId, string? reason);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Suggestion {JobId} is not running (gone, ended or another attempt); page {Page} ignored")]
    private static partial void LogNotRunning(ILogger logger, string jobId, int page);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A poison message that is not a suggestion page was dropped")]
    private static partial void LogPoisonDropped(ILogger logger);
}
