using LeadFunctions.Modeling;
using LeadFunctions.Suggestions;

namespace LeadFunctions.Http.Models;

/// <summary>
/// The body of <c>GET /api/models/suggestions/{id}</c>: the job's state, options and progress; once completed, the
/// answer (<see cref="SuggestionResponse"/>: the candidate model, the rules, the discovered rules, the thresholds, the
/// fit and the warnings); once failed, the reason.
/// </summary>
public sealed record SuggestionJobResponse
{
    public required string Id { get; init; }

    /// <summary><c>running</c>, <c>completed</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }

    public required SuggestionProgress Progress { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public required string LiveModelVersion { get; init; }

    public required SuggestionOptions Options { get; init; }

    public string? FailureReason { get; init; }

    public SuggestionResponse? Result { get; init; }

    public static string StatusName(SuggestionStatus status) => status switch
    {
        SuggestionStatus.Completed => "completed",
        SuggestionStatus.Failed => "failed",
        _ => "running",
    };

    public static SuggestionJobResponse From(SuggestionJob job, PointsSuggestion? result)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new SuggestionJobResponse
        {
            Id = job.Id,
            Status = StatusName(job.Status),
            Progress = job.Progress,
            CreatedAt = job.CreatedAt,
            CompletedAt = job.CompletedAt,
            LiveModelVersion = job.LiveModelVersion,
            Options = job.Options,
            FailureReason = job.FailureReason,
            Result = result is null ? null : SuggestionResponse.From(result),
        };
    }
}
