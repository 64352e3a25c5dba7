namespace LeadFunctions.Suggestions;

/// <summary>
/// The port to where suggestion jobs, their pages of evidence and their answers are kept (Azure Table Storage in
/// production, a partition per job). Separate from the lead store: a suggestion never writes a lead. The evidence holds
/// lead ids, scores, captured field values and event features: no email address, name or phone number.
/// </summary>
public interface ISuggestionStore
{
    Task CreateJobAsync(SuggestionJob job, CancellationToken cancellationToken = default);

    /// <summary>The job with its ETag, or null when there is none (or the id is malformed).</summary>
    Task<SuggestionJob?> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the job if its <see cref="SuggestionJob.ETag"/> is still current; false when it changed or is gone.</summary>
    Task<bool> TryUpdateJobAsync(SuggestionJob job, CancellationToken cancellationToken = default);

    /// <summary>A stored page of the attempt, or null when that page was not stored yet.</summary>
    Task<SuggestionPage?> GetPageAsync(string jobId, string attempt, int number, CancellationToken cancellationToken = default);

    /// <summary>Stores a page, replacing a page stored under its number before (a redelivered page overwrites its own rows).</summary>
    Task PutPageAsync(SuggestionPage page, CancellationToken cancellationToken = default);

    /// <summary>Records that the message of the page after this one was sent. Idempotent.</summary>
    Task MarkNextEnqueuedAsync(string jobId, string attempt, int number, CancellationToken cancellationToken = default);

    /// <summary>Every stored page of the attempt, in page order, read a few at a time.</summary>
    IAsyncEnumerable<SuggestionPage> ReadPagesAsync(string jobId, string attempt, CancellationToken cancellationToken = default);

    /// <summary>Stores the job's answer (the JSON of <see cref="SuggestionResults"/>), replacing one stored before.</summary>
    Task SetResultAsync(string jobId, string resultJson, CancellationToken cancellationToken = default);

    /// <summary>The job's answer, or null before it is stored.</summary>
    Task<string?> GetResultAsync(string jobId, CancellationToken cancellationToken = default);
}
