using System.Collections.Concurrent;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Backtesting;

/// <summary>
/// The queue function's work: scores one page of a job's leads with the live model and the candidate, stores the
/// page's partial result under its number, then asks for the next page, or, after the last, combines every page into
/// the results. Idempotent per page: a redelivered message whose page is stored only makes sure the next message was
/// sent (a duplicate of it is again idempotent), so a job survives a restart and resumes where it was. Reads leads;
/// never writes one.
/// </summary>
public sealed partial class BacktestPageHandler(
    IBacktestStore store,
    IBacktestQueue queue,
    KnownOutcomes outcomes,
    LeadScorer liveScorer,
    TimeProvider timeProvider,
    ILogger<BacktestPageHandler> logger)
{
    /// <summary>Leads per page (per queue message): <see cref="KnownOutcomes.JobPageSize"/>, about 4,000 scorings.</summary>
    public const int PageSize = KnownOutcomes.JobPageSize;

    private const int CachedCandidates = 8;

    private readonly ConcurrentDictionary<string, LeadScorer> _candidates = new(StringComparer.Ordinal);

    public async Task HandleAsync(BacktestPageMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var job = await store.GetJobAsync(message.JobId, cancellationToken);
        if (job is not { Status: BacktestStatus.Running })
        {
            LogNotRunning(logger, message.JobId, message.Page);
            return;
        }

        var candidate = await CandidateScorerAsync(job, cancellationToken);
        if (candidate is null)
        {
            return;
        }

        if (liveScorer.Model.Version != job.LiveModelVersion)
        {
            // A publish changed the live model under the job: its live figures would mix two models.
            var reason = $"The live model changed from {job.LiveModelVersion} to {liveScorer.Model.Version}; start the backtest again.";
            await FinishAsync(job, BacktestStatus.Failed, reason, null, null, cancellationToken);
            return;
        }

        var page = await store.GetPageAsync(job.Id, message.Page, cancellationToken)
            ?? await store.AddPageAsync(await ScorePageAsync(job, candidate, message, cancellationToken), cancellationToken);
        if (page.Next is { } next)
        {
            await ContinueAsync(job, page, next, cancellationToken);
        }
        else
        {
            await CompleteAsync(job, page.Number, candidate.Model.Version, cancellationToken);
        }
    }

    /// <summary>
    /// Marks the job of a message that failed all its retries (read from the poison queue) failed, with the page that
    /// failed; the exception itself is in the logs of the attempts. A message that is not a backtest page is dropped.
    /// </summary>
    public async Task FailAsync(string messageText, CancellationToken cancellationToken = default)
    {
        BacktestPageMessage message;
        try
        {
            message = BacktestMessages.Deserialize(messageText);
        }
        catch (InvalidBacktestMessageException)
        {
            LogPoisonDropped(logger);
            return;
        }

        if (await store.GetJobAsync(message.JobId, cancellationToken) is { Status: BacktestStatus.Running } job)
        {
            await FinishAsync(
                job,
                BacktestStatus.Failed,
                $"Page {message.Page} could not be processed after its retries; the app's logs have the error.",
                null,
                null,
                cancellationToken);
        }
    }

    /// <summary>Scores every lead of the page at <paramref name="message"/>'s cursor (reads only).</summary>
    public async Task<BacktestPage> ScorePageAsync(
        BacktestJob job, LeadScorer candidate, BacktestPageMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(message);
        var read = await outcomes.ReadPageAsync(message.Cursor, PageSize, cancellationToken);
        var scored = new LeadVerdict[read.Outcomes.Count][];
        Parallel.For(0, read.Outcomes.Count, index =>
        {
            var outcome = read.Outcomes[index];
            scored[index] =
            [
                LeadVerdict.Of(liveScorer, outcome, outcome.OutcomeAt),
                LeadVerdict.Of(liveScorer, outcome, job.CreatedAt),
                LeadVerdict.Of(candidate, outcome, outcome.OutcomeAt),
                LeadVerdict.Of(candidate, outcome, job.CreatedAt),
            ];
        });

        var aggregate = new BacktestAggregate { Skipped = read.Skipped };
        for (var index = 0; index < scored.Length; index++)
        {
            var outcome = read.Outcomes[index];
            aggregate.AddOutcome(outcome);
            scored[index][0].AddTo(aggregate.LiveAtOutcome, outcome.IsWon);
            scored[index][1].AddTo(aggregate.LiveNow, outcome.IsWon);
            scored[index][2].AddTo(aggregate.CandidateAtOutcome, outcome.IsWon);
            scored[index][3].AddTo(aggregate.CandidateNow, outcome.IsWon);
        }

        return new BacktestPage(job.Id, message.Page, aggregate, read.Next, message.LeadsBefore + aggregate.Leads, NextEnqueued: false);
    }

    private async Task ContinueAsync(BacktestJob job, BacktestPage page, OutcomeCursor next, CancellationToken cancellationToken)
    {
        if (page.NextEnqueued)
        {
            return;
        }

        await queue.EnqueueAsync(BacktestPageMessage.After(page, next), cancellationToken);
        await store.MarkNextEnqueuedAsync(page.JobId, page.Number, cancellationToken);
        if (page.Number > job.Progress.Pages)
        {
            // Progress only; a lost race (another page or the end got there first) is fine to ignore.
            var skipped = job.Progress.Skipped + page.Aggregate.Skipped;
            await store.TryUpdateJobAsync(
                job with { Progress = new BacktestProgress(page.Number, page.LeadsThrough, skipped, next.Stage) }, cancellationToken);
        }

        LogPageScored(logger, job.Id, page.Number, page.Aggregate.Leads);
    }

    /// <summary>Combines every page (1 to <paramref name="lastPage"/>) into the results and marks the job completed.</summary>
    private async Task CompleteAsync(BacktestJob job, int lastPage, string candidateVersion, CancellationToken cancellationToken)
    {
        var pages = await store.ListPagesAsync(job.Id, cancellationToken);
        if (pages.Count != lastPage || pages.Select(page => page.Number).Order().SequenceEqual(Enumerable.Range(1, lastPage)) is false)
        {
            var reason = $"Pages are missing: {pages.Count} of {lastPage} were stored.";
            await FinishAsync(job, BacktestStatus.Failed, reason, null, null, cancellationToken);
            return;
        }

        var total = BacktestAggregate.Combine(pages.Select(page => page.Aggregate));
        var results = BacktestReport.Build(total, job.LiveModelVersion, candidateVersion);
        var progress = new BacktestProgress(lastPage, results.Leads, results.Skipped, null);
        await FinishAsync(job, BacktestStatus.Completed, null, results, progress, cancellationToken);
        LogCompleted(logger, job.Id, lastPage, total.Leads);
    }

    /// <summary>Ends a running job (guarded by its ETag, read again on a race); a job that ended already is left as it is.</summary>
    private async Task FinishAsync(
        BacktestJob job,
        BacktestStatus status,
        string? reason,
        BacktestResults? results,
        BacktestProgress? progress,
        CancellationToken cancellationToken)
    {
        var current = job;
        while (current is { Status: BacktestStatus.Running })
        {
            var ended = current with
            {
                Status = status,
                CompletedAt = timeProvider.GetUtcNow(),
                FailureReason = reason,
                Results = results,
                Progress = progress ?? current.Progress,
            };
            if (await store.TryUpdateJobAsync(ended, cancellationToken))
            {
                if (status == BacktestStatus.Failed)
                {
                    LogFailed(logger, job.Id, reason);
                }

                return;
            }

            current = await store.GetJobAsync(job.Id, cancellationToken);
        }
    }

    /// <summary>The job's candidate scorer (cached per job: compiling a model's patterns per page would cost more than the page).</summary>
    private async Task<LeadScorer?> CandidateScorerAsync(BacktestJob job, CancellationToken cancellationToken)
    {
        if (_candidates.TryGetValue(job.Id, out var cached))
        {
            return cached;
        }

        var json = await store.GetCandidateModelAsync(job.Id, cancellationToken);
        try
        {
            var model = ScoringModel.Parse(json ?? throw new ScoringModelException("the candidate model is missing"));
            if (_candidates.Count >= CachedCandidates)
            {
                _candidates.Clear();
            }

            return _candidates.GetOrAdd(job.Id, _ => liveScorer.WithModel(model));
        }
        catch (ScoringModelException exception)
        {
            // Validated when the job was created; a model this version no longer accepts cannot be run.
            var reason = "The candidate model is no longer valid: " + exception.Message;
            await FinishAsync(job, BacktestStatus.Failed, reason, null, null, cancellationToken);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest {JobId}: page {Page} scored ({Leads} leads)")]
    private static partial void LogPageScored(ILogger logger, string jobId, int page, int leads);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest {JobId} completed: {Pages} pages, {Leads} leads")]
    private static partial void LogCompleted(ILogger logger, string jobId, int pages, int leads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backtest {JobId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string jobId, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest {JobId} is not running (gone or ended); page {Page} ignored")]
    private static partial void LogNotRunning(ILogger logger, string jobId, int page);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A poison message that is not a backtest page was dropped")]
    private static partial void LogPoisonDropped(ILogger logger);
}
