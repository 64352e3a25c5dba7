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

    /// <summary>
    /// The newest stage changes in full, oldest first (at most <see cref="StageHistoryCompaction.KeptInFull"/>, and a few
    /// older ones the sales loop still reads); the older ones are counted in <see cref="CompactedHistory"/>.
    /// </summary>
    public required IReadOnlyList<StageChange> StageHistory { get; init; }

    /// <summary>Older stage changes compacted into counts per transition (empty until the history outgrows its bound).</summary>
    public IReadOnlyList<StageTransitionCount> CompactedHistory { get; init; } = [];

    /// <summary>Contributions summed per rule; per kind they add up exactly to the scores.</summary>
    public required IReadOnlyList<RuleContribution> Breakdown { get; init; }

    /// <summary>The most recent counted events with their points, newest first (at most 20).</summary>
    public required IReadOnlyList<ScoreContribution> RecentEvents { get; init; }

    public required string ModelVersion { get; init; }

    public required DateTimeOffset ScoredAt { get; init; }

    public DateTimeOffset? DecayReviewDueAt { get; init; }

    public required int EventCount { get; init; }

    /// <summary>
    /// The events machines made (mail privacy proxies, mail scanners, bots), left out of the scores: how many per type,
    /// rule and reason, in the order each first happened. Empty when there were none.
    /// </summary>
    public IReadOnlyList<IgnoredEventGroup> IgnoredEvents { get; init; } = [];

    /// <summary>The newest events machines made, with their rule and reason, newest first (at most 20).</summary>
    public IReadOnlyList<IgnoredEvent> RecentIgnoredEvents { get; init; } = [];

    public const int RecentEventLimit = 20;

    /// <summary>How many of the events machines made the stored score counts in <see cref="IgnoredEvents"/>, per rule.</summary>
    public int IgnoredBy(string ruleId) =>
        IgnoredEvents.Where(group => string.Equals(group.RuleId, ruleId, StringComparison.Ordinal)).Sum(group => group.Count);

    /// <summary>Summarizes a score for storage: per-rule sums, the latest events, the stage history.</summary>
    public static StoredScore From(LeadScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new StoredScore
        {
            FitScore = score.FitScore,
            EngagementScore = score.EngagementScore,
            Grade = score.Grade,
            Stage = score.Stage,
            IsPql = score.IsPql,
            Bant = score.Bant,
            StageHistory = score.StageHistory,
            Breakdown = SumPerRule(score.Breakdown),
            RecentEvents = Recent(score.Breakdown),
            ModelVersion = score.ModelVersion,
            ScoredAt = score.ScoredAt,
            DecayReviewDueAt = score.DecayReviewDueAt,
            EventCount = score.EventCount,
            IgnoredEvents = GroupIgnored(score.IgnoredEvents),
            RecentIgnoredEvents = [.. score.IgnoredEvents.Reverse().Take(RecentEventLimit)],
        };
    }

    /// <summary>The ignored events counted per type, rule and reason, in the order each group first appears.</summary>
    private static IgnoredEventGroup[] GroupIgnored(IReadOnlyList<IgnoredEvent> ignored) =>
        ignored.Count == 0
            ? []
            : [.. ignored
                .GroupBy(ignoredEvent => (ignoredEvent.Type, ignoredEvent.RuleId, ignoredEvent.Reason))
                .Select(group => new IgnoredEventGroup(group.Key.Type, group.Key.RuleId, group.Key.Reason, group.Count()))];

    /// <summary>
    /// One entry per rule (in the order the rules first contribute), with its points summed, how many events it counted,
    /// and the note of its cap or limit.
    /// </summary>
    private static RuleContribution[] SumPerRule(IReadOnlyList<ScoreContribution> breakdown)
    {
        var byRule = new Dictionary<(ScoreKind, string), RuleContribution>();
        var order = new List<(ScoreKind, string)>();
        foreach (var contribution in breakdown)
        {
            var key = (contribution.Kind, contribution.RuleId);
            var events = IsCountedEvent(contribution) ? 1 : 0;
            var note = contribution.Source is "cap" or "limit" ? contribution.Note : null;
            if (byRule.TryGetValue(key, out var existing))
            {
                byRule[key] = existing with
                {
                    Points = existing.Points + contribution.Points,
                    Events = existing.Events + events,
                    Note = existing.Note ?? note,
                };
            }
            else
            {
                order.Add(key);
                byRule[key] = new RuleContribution(
                    contribution.Kind, contribution.RuleId, contribution.Label, events, contribution.Points, note);
            }
        }

        return [.. order.Select(key => byRule[key])];
    }

    private static ScoreContribution[] Recent(IReadOnlyList<ScoreContribution> breakdown) =>
        [.. breakdown
            .Where(IsCountedEvent)
            .OrderByDescending(c => c.OccurredAt)
            .ThenBy(c => c.Source, StringComparer.Ordinal)
            .Take(RecentEventLimit)];

    /// <summary>An engagement event that gave points (not a fit rule, a cap or a limit, nor an event past its repeat limit).</summary>
    private static bool IsCountedEvent(ScoreContribution contribution) =>
        contribution.Kind == ScoreKind.Engagement && contribution.OccurredAt is not null && contribution.Points != 0;
}
