using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Backtesting;

/// <summary>
/// Starts a backtest of a candidate model (validated exactly as the live model is at start) and reads a job's state.
/// The work itself is done page by page by <see cref="BacktestPageHandler"/> on the queue.
/// </summary>
public sealed partial class BacktestService(
    IBacktestStore store,
    IBacktestQueue queue,
    LeadScorer liveScorer,
    TimeProvider timeProvider,
    ILogger<BacktestService> logger)
{
    /// <summary>
    /// Validates <paramref name="candidateModelJson"/>; when valid, stores a job with it and asks for its first page.
    /// If the message cannot be sent the job is marked failed (so it never shows running forever) and the error thrown.
    /// </summary>
    public async Task<BacktestStart> StartAsync(string candidateModelJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidateModelJson);
        ScoringModel candidate;
        try
        {
            candidate = ScoringModel.Parse(candidateModelJson);
        }
        catch (ScoringModelException exception)
        {
            return BacktestStart.Invalid(exception.Errors);
        }

        var job = new BacktestJob
        {
            Id = BacktestJob.NewId(),
            Status = BacktestStatus.Running,
            CreatedAt = timeProvider.GetUtcNow(),
            LiveModelVersion = liveScorer.Model.Version,
            CandidateModelVersion = candidate.Version,
        };
        await store.CreateJobAsync(job, candidateModelJson, cancellationToken);
        try
        {
            await queue.EnqueueAsync(BacktestPageMessage.First(job.Id), cancellationToken);
        }
        catch (Exception)
        {
            await MarkUnqueuedAsync(job.Id);
            throw;
        }

        LogStarted(logger, job.Id, job.CandidateModelVersion);
        return BacktestStart.Started(job);
    }

    /// <summary>The job, or null for an unknown or malformed id.</summary>
    public Task<BacktestJob?> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        BacktestJob.IsValidId(jobId) ? store.GetJobAsync(jobId, cancellationToken) : Task.FromResult<BacktestJob?>(null);

    private async Task MarkUnqueuedAsync(string jobId)
    {
        try
        {
            if (await store.GetJobAsync(jobId, CancellationToken.None) is { } stored)
            {
                await store.TryUpdateJobAsync(
                    stored with
                    {
                        Status = BacktestStatus.Failed,
                        CompletedAt = timeProvider.GetUtcNow(),
                        FailureReason = "The job's first page could not be queued; start the backtest again.",
                    },
                    CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotMarkedFailed(logger, Diagnostics.RedactedException.From(exception), jobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Backtest {JobId} started for candidate model {ModelVersion}")]
    private static partial void LogStarted(ILogger logger, string jobId, string modelVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Backtest {JobId} could not be queued nor marked failed")]
    private static partial void LogNotMarkedFailed(ILogger logger, Exception exception, string jobId);
}
