namespace LeadFunctions.Backtesting;

/// <summary>
/// The port to where backtest jobs, their candidate models and their scored pages are kept (Azure Table Storage in
/// production, a partition per job). Separate from the lead store: a backtest never writes a lead.
/// </summary>
public interface IBacktestStore
{
    /// <summary>
    /// Stores a new job with its candidate model's JSON (at most <c>ScoringModel.MaxDocumentLength</c> characters),
    /// atomically: a job never exists without its model.
    /// </summary>
    Task CreateJobAsync(BacktestJob job, string candidateModelJson, CancellationToken cancellationToken = default);

    /// <summary>The job with its ETag, or null when there is none (or the id is malformed).</summary>
    Task<BacktestJob?> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>The candidate model's JSON as it was posted, or null when the job does not exist.</summary>
    Task<string?> GetCandidateModelAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the job if its <see cref="BacktestJob.ETag"/> is still current; false when it changed or is gone.</summary>
    Task<bool> TryUpdateJobAsync(BacktestJob job, CancellationToken cancellationToken = default);

    /// <summary>A scored page, or null when that page was not stored yet.</summary>
    Task<BacktestPage?> GetPageAsync(string jobId, int number, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a scored page unless one with its number exists; returns the page stored under that number (this one,
    /// or the one stored first), so concurrent deliveries of one message agree on one page.
    /// </summary>
    Task<BacktestPage> AddPageAsync(BacktestPage page, CancellationToken cancellationToken = default);

    /// <summary>Records that the message of the page after this one was sent. Idempotent.</summary>
    Task MarkNextEnqueuedAsync(string jobId, int number, CancellationToken cancellationToken = default);

    /// <summary>Every stored page of the job, in page order.</summary>
    Task<IReadOnlyList<BacktestPage>> ListPagesAsync(string jobId, CancellationToken cancellationToken = default);
}
