using LeadFunctions.Leads;

namespace LeadFunctions.Testing.Leads;

/// <summary>
/// Stored scores that hold only what the funnel reads (a stage history, its last stage, a grade), for tests and
/// benchmarks that move leads through the funnel without scoring events.
/// </summary>
public static class HistoryScores
{
    /// <summary>A score whose stage is the last move's (Lead without moves).</summary>
    public static StoredScore With(IReadOnlyList<StageChange> history, string grade, DateTimeOffset scoredAt)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new StoredScore
        {
            FitScore = 25,
            EngagementScore = 30,
            Grade = grade,
            Stage = history.Count == 0 ? LeadStage.Lead : history[^1].To,
            IsPql = false,
            Bant = default,
            StageHistory = history,
            Breakdown = [],
            RecentEvents = [],
            ModelVersion = "test",
            ScoredAt = scoredAt,
            EventCount = 1,
        };
    }
}
