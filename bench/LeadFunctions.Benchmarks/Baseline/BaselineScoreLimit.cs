using LeadFunctions.Scoring;

namespace LeadFunctions.Benchmarks.Baseline;

/// <summary><c>ScoreContribution.ApplyLimit</c> as the baseline scorer used it, copied so the baseline stays as it was.</summary>
internal static class BaselineScoreLimit
{
    /// <summary>Holds <paramref name="score"/> to [min, max]; a score that had to move gets its limit contribution.</summary>
    public static decimal Apply(List<ScoreContribution> breakdown, ScoreKind kind, decimal score, decimal min, decimal max)
    {
        var limited = Math.Clamp(score, min, max);
        if (limited != score)
        {
            breakdown.Add(ScoreContribution.Limit(kind, limited == max ? "maximum" : "minimum", limited, limited - score));
        }

        return limited;
    }
}
