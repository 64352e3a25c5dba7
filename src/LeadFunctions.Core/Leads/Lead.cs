using LeadFunctions.Scoring;

namespace LeadFunctions.Leads;

/// <summary>A stored lead: who it is, where it came from, and its latest score.</summary>
public sealed record Lead
{
    /// <summary>Opaque, random, safe to log (32 lower-case hex characters). Never derived from personal data.</summary>
    public required string LeadId { get; init; }

    public required LeadProfile Profile { get; init; }

    public LeadAttribution Attribution { get; init; } = LeadAttribution.None;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The latest score; null until the lead has been scored once.</summary>
    public LeadScoreState? Score { get; init; }

    /// <summary>When sales was told about the lead's latest move into SQL (the hand-off email went out).</summary>
    public DateTimeOffset? SalesNotifiedAt { get; init; }

    public LeadStage Stage => Score?.Stage ?? LeadStage.Lead;

    /// <summary>The store's concurrency token for this version of the lead (opaque).</summary>
    public string? ETag { get; init; }

    /// <summary>Creates a new lead id: a version 7 GUID (time-ordered, random), as 32 hex characters.</summary>
    public static string NewLeadId(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");
    }

    /// <summary>True for strings shaped like a lead id (so that hostile ids never reach storage).</summary>
    public static bool IsValidLeadId(string? value)
    {
        if (value is not { Length: 32 })
        {
            return false;
        }

        foreach (var character in value)
        {
            if (character is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Where a lead came from (the first form that captured it; later fills do not overwrite it).</summary>
public sealed record LeadAttribution
{
    public static LeadAttribution None { get; } = new();

    public string? FormId { get; init; }

    public string? PageUrl { get; init; }

    public string? UtmSource { get; init; }

    public string? UtmMedium { get; init; }

    public string? UtmCampaign { get; init; }

    /// <summary>Marketing consent as given on the form, if asked.</summary>
    public bool? Consent { get; init; }
}

/// <summary>The persisted outcome of the latest scoring: bounded in size whatever the number of events.</summary>
public sealed record LeadScoreState
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
    public static LeadScoreState From(LeadScore score)
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

        return new LeadScoreState
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

/// <summary>What one rule contributed in total (events counted, points after decay, caps and limits).</summary>
public sealed record RuleContribution(ScoreKind Kind, string RuleId, string Label, int Events, decimal Points, string? Note);
