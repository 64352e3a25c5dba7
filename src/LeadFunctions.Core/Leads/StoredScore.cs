using LeadFunctions.Scoring;

namespace LeadFunctions.Leads;

/// <summary>The persisted outcome of the latest scoring: bounded in size whatever the number of events.</summary>
public sealed record StoredScore
{
    public required decimal FitScore { get; init; }

    public required decimal EngagementScore { get; init; }

    public required string Grade { get; init; }

    public required LeadStage Stage { get; init; }

    public required bool IsPql { get; init; }

    public required BantStatus Bant { get; init; }

    public required IReadOnlyList<StageChange> StageHistory { get; init; }

    /// <summary>Contributions summed per rule; per kind they add up exactly to the scores.</summary>
    public required IReadOnlyList<RuleContribution> Breakdown { get; init; }

    /// <summary>The most recent counted events with their points, newest first (at most 20).</summary>
    public required IReadOnlyList<ScoreContribution> RecentEvents { get; init; }

    public required string ModelVersion { get; init; }

    public required DateTimeOffset ScoredAt { get; init; }

    public DateTimeOffset? DecayReviewDueAt { get; init; }

    public required int EventCount { get; init; }

    public const int RecentEventLimit = 20;

    /// <summary>Summarizes a score for storage: per-rule sums, the latest events, the stage history.</summary>
    public static StoredScore From(LeadScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var byRule = new Dictionary<(ScoreKind, string), RuleContribution>();
        var order = new List<(ScoreKind, string)>();
        foreach (var contribution in score.Breakdown)
        {
            var key = (contribution.Kind, contribution.RuleId);
            var isEvent = contribution.Kind == ScoreKind.Engagement && contribution.OccurredAt is not null && contribution.Points != 0;
            if (byRule.TryGetValue(key, out var existing))
            {
                byRule[key] = existing with
                {
                    Points = existing.Points + contribution.Points,
                    Events = existing.Events + (isEvent ? 1 : 0),
                    Note = existing.Note ?? (contribution.Source is "cap" or "limit" ? contribution.Note : null),
                };
            }
            else
            {
                order.Add(key);
                byRule[key] = new RuleContribution(
                    contribution.Kind,
                    contribution.RuleId,
                    contribution.Label,
                    isEvent ? 1 : 0,
                    contribution.Points,
                    contribution.Source is "cap" or "limit" ? contribution.Note : null);
            }
        }

        var recent = score.Breakdown
            .Where(c => c.Kind == ScoreKind.Engagement && c.OccurredAt is not null && c.Points != 0)
            .OrderByDescending(c => c.OccurredAt)
            .ThenBy(c => c.Source, StringComparer.Ordinal)
            .Take(RecentEventLimit)
            .ToArray();

        return new StoredScore
        {
            FitScore = score.FitScore,
            EngagementScore = score.EngagementScore,
            Grade = score.Grade,
            Stage = score.Stage,
            IsPql = score.IsPql,
            Bant = score.Bant,
            StageHistory = score.StageHistory,
            Breakdown = [.. order.Select(key => byRule[key])],
            RecentEvents = recent,
            ModelVersion = score.ModelVersion,
            ScoredAt = score.ScoredAt,
            DecayReviewDueAt = score.DecayReviewDueAt,
            EventCount = score.EventCount,
        };
    }
}
