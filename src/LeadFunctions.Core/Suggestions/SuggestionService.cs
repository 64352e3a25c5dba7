using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Suggestions;

/// <summary>
/// Starts a suggestion job and reads it: <c>POST /api/models/suggestions</c> stores the job and asks for its first page;
/// the work is done page by page by <see cref="SuggestionPageHandler"/> on the queue.
/// </summary>
public sealed partial class SuggestionService(
    ISuggestionStore store,
    ISuggestionQueue queue,
    LeadScorer liveScorer,
    TimeProvider timeProvider,
    ILogger<SuggestionService> logger)
{
    /// <summary>
    /// Stores a job with <paramref name="options"/> and asks for its first page. If the message cannot be sent the job is
    /// marked failed (so it never shows running forever) and the error thrown.
    /// </summary>
    public async Task<SuggestionJob> StartAsync(SuggestionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var job = new SuggestionJob
        {
            Id = SuggestionJob.NewId(),
            Attempt = SuggestionJob.NewAttempt(),
            Status = SuggestionStatus.Running,
            CreatedAt = timeProvider.GetUtcNow(),
            LiveModelVersion = liveScorer.Model.Version,
            Options = options,
        };
        await store.CreateJobAsync(job, cancellationToken);
        try
        {
            await queue.EnqueueAsync(SuggestionPageMessage.First(job), cancellationToken);
        }
        catch (Exception)
        {
            await MarkUnqueuedAsync(job.Id);
            throw;
        }

        LogStarted(logger, job.Id, job.LiveModelVersion);
        return job;
    }

    /// <summary>The job and, once completed, its answer; null for an unknown or malformed id.</summary>
    public async Task<(SuggestionJob Job, PointsSuggestion? Result)?> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!SuggestionJob.IsValidId(jobId) || await store.GetJobAsync(jobId, cancellationToken) is not { } job)
        {
            return null;
        }

        var result = job.Status == SuggestionStatus.Completed && await store.GetResultAsync(jobId, cancellationToken) is { } json
            ? SuggestionResults.Deserialize(json)
            : null;
        return (job, result);
    }

    private async Task MarkUnqueuedAsync(string jobId)
    {
        try
        {
            if (await store.GetJobAsync(jobId, CancellationToken.None) is { } stored)
            {
                await store.TryUpdateJobAsync(
                    stored with
                    {
                        Status = SuggestionStatus.Failed,
                        CompletedAt = timeProvider.GetUtcNow(),
                        FailureReason = "The job's first page could not be queued; ask for the suggestion again.",
                    },
                    CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotMarkedFailed(logger, Diagnostics.RedactedException.From(exception), jobId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Suggestion {JobId} started with live model {ModelVersion}")]
    private static partial void LogStarted(ILogger logger, string jobId, string modelVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Suggestion {JobId} could not be queued nor marked failed")]
    private static partial void LogNotMarkedFailed(ILogger logger, Exception exception, string jobId);
}
