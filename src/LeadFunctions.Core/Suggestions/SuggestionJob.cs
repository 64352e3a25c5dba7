using System.Security.Cryptography;
using LeadFunctions.Modeling;

namespace LeadFunctions.Suggestions;

/// <summary>
/// A suggestion (<c>POST /api/models/suggestions</c>) run as a queue job: its options, the live model version it reads
/// the outcomes with, its state and progress. Its answer, once completed, is stored beside it
/// (<see cref="ISuggestionStore.GetResultAsync"/>).
/// </summary>
public sealed record SuggestionJob
{
    /// <summary>Random, URL-safe, safe to log: 32 lower-case hex characters.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The attempt the job's pages belong to (16 hex characters): every message and stored page carries it, and a page or
    /// message of another attempt is never read, so pages of a run that was given up can never mix into a new one.
    /// </summary>
    public required string Attempt { get; init; }

    public required SuggestionStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The live model every page is scored with; a page that finds another one live fails the job.</summary>
    public required string LiveModelVersion { get; init; }

    public required SuggestionOptions Options { get; init; }

    public SuggestionProgress Progress { get; init; } = SuggestionProgress.None;

    /// <summary>Why a failed job failed (no personal data: page numbers, model versions, counts).</summary>
    public string? FailureReason { get; init; }

    /// <summary>The store's concurrency token for this version of the job (opaque).</summary>
    public string? ETag { get; init; }

    public static string NewId() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    public static string NewAttempt() => RandomNumberGenerator.GetHexString(16, lowercase: true);

    /// <summary>True for strings shaped like a job id (so that hostile ids never reach storage).</summary>
    public static bool IsValidId(string? value) => Leads.Lead.IsValidLeadId(value);

    /// <summary>True for strings shaped like an attempt id.</summary>
    public static bool IsValidAttempt(string? value) =>
        value is { Length: 16 } && value.All(character => character is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
