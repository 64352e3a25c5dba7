using System.Security.Cryptography;

namespace LeadFunctions.Backtesting;

/// <summary>
/// A backtest of a candidate model against the recorded outcomes: its state, progress and, once completed, its results.
/// The candidate model's JSON is stored beside the job (<see cref="IBacktestStore.GetCandidateModelAsync"/>), so a page
/// scored after a restart uses the very model that was posted.
/// </summary>
public sealed record BacktestJob
{
    /// <summary>Random, URL-safe, safe to log: 32 lower-case hex characters.</summary>
    public required string Id { get; init; }

    public required BacktestStatus Status { get; init; }

    /// <summary>When the job was created; also the "now" its leads are scored as of, so a replayed page scores the same.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public required string LiveModelVersion { get; init; }

    public required string CandidateModelVersion { get; init; }

    public BacktestProgress Progress { get; init; } = BacktestProgress.None;

    /// <summary>Why a failed job failed (no personal data: page numbers, model paths).</summary>
    public string? FailureReason { get; init; }

    public BacktestResults? Results { get; init; }

    /// <summary>The store's concurrency token for this version of the job (opaque).</summary>
    public string? ETag { get; init; }

    public static string NewId() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>True for strings shaped like a job id (so that hostile ids never reach storage).</summary>
    public static bool IsValidId(string? value) => Leads.Lead.IsValidLeadId(value);
}
