using System.Globalization;
using LeadFunctions.Scoring;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// Whether two scorers gave the same <see cref="LeadScore"/>, strictly: record equality compares decimals by value
/// (20 equals 20.00) and the lists by reference, so the scores and every contribution are also compared as text,
/// which keeps each decimal's scale.
/// </summary>
internal static class ScoreComparison
{
    /// <summary>The first difference found, or null when the scores are the same.</summary>
    public static string? FirstDifference(LeadScore expected, LeadScore actual)
    {
        if (expected.Breakdown.Count != actual.Breakdown.Count)
        {
            return $"breakdown has {actual.Breakdown.Count} contributions, expected {expected.Breakdown.Count}";
        }

        for (var i = 0; i < expected.Breakdown.Count; i++)
        {
            var (want, got) = (expected.Breakdown[i], actual.Breakdown[i]);
            if (want != got || Text(want) != Text(got))
            {
                return $"breakdown[{i}] is {Text(got)}, expected {Text(want)}";
            }
        }

        if (!expected.StageHistory.SequenceEqual(actual.StageHistory))
        {
            return "the stage histories differ";
        }

        var sameLists = expected with { Breakdown = actual.Breakdown, StageHistory = actual.StageHistory };
        if (sameLists != actual || Text(expected.FitScore) != Text(actual.FitScore)
            || Text(expected.EngagementScore) != Text(actual.EngagementScore))
        {
            return $"{actual} differs from {expected}";
        }

        return null;
    }

    private static string Text(ScoreContribution contribution) =>
        string.Join(
            "|",
            contribution.Kind,
            contribution.RuleId,
            contribution.Label,
            contribution.Source,
            contribution.OccurredAt?.ToString("O", CultureInfo.InvariantCulture),
            Text(contribution.BasePoints),
            Text(contribution.Points),
            contribution.DecayFactor.ToString("R", CultureInfo.InvariantCulture),
            contribution.Note);

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
