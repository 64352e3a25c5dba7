using LeadFunctions.Backtesting;

namespace LeadFunctions.Http.Backtesting;

/// <summary>The body of <c>GET /api/models/backtests/{id}</c>: the job's state, progress, warnings and results.</summary>
public sealed record BacktestResponse
{
    public required string Id { get; init; }

    /// <summary><c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    public required BacktestProgress Progress { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public required string LiveModelVersion { get; init; }

    public required string CandidateModelVersion { get; init; }

    public string? FailureReason { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public object? Results { get; init; }

    public static BacktestResponse From(BacktestJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new BacktestResponse
        {
            Id = job.Id,
            Status = job.Status switch
            {
                BacktestStatus.Completed => "completed",
                BacktestStatus.Failed => "failed",
                _ => "running",
            },
            Progress = job.Progress,
            CreatedAt = job.CreatedAt,
            CompletedAt = job.CompletedAt,
            LiveModelVersion = job.LiveModelVersion,
            CandidateModelVersion = job.CandidateModelVersion,
            FailureReason = job.FailureReason,
            Warnings = job.Results?.Warnings ?? [],
            Results = job.Results is { } results ? Project(results) : null,
        };
    }

    /// <summary>The results without their warnings (those are a top-level field, shown while running too).</summary>
    private static object Project(BacktestResults results) => new
    {
        results.Leads,
        results.Won,
        results.NotWon,
        results.Skipped,
        results.FirstOutcomeAt,
        results.LastOutcomeAt,
        results.Weeks,
        results.Live,
        results.Candidate,
    };
}
