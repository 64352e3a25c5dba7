using System.Globalization;
using LeadFunctions.Modeling;

namespace LeadFunctions.Core.Tests.Modeling;

/// <summary>
/// Leads whose outcomes come from a logistic model with known weights: each feature is set for about 40% of the
/// leads, as a rule match (1) or a decayed sum of events (0 to 3); a lead wins with probability
/// σ(intercept + Σ weightᵢ · featureᵢ). Drawn from a seeded <see cref="Random"/>, so every run sees the same leads.
/// </summary>
internal static class GeneratedOutcomes
{
    public static (FeatureRow[] Rows, bool[] Won) Create(int count, IReadOnlyList<double> weights, double intercept, int seed)
    {
        var random = new Random(seed);
        var rows = new FeatureRow[count];
        var won = new bool[count];
        for (var n = 0; n < count; n++)
        {
            var indexes = new List<int>();
            var values = new List<double>();
            for (var i = 0; i < weights.Count; i++)
            {
                if (random.NextDouble() < 0.4)
                {
                    indexes.Add(i);
                    values.Add(i % 2 == 0 ? 1 : Math.Round(random.NextDouble() * 3, 2));
                }
            }

            rows[n] = new FeatureRow([.. indexes], [.. values]);
            var eta = rows[n].Predict(intercept, weights);
            won[n] = random.NextDouble() < 1 / (1 + Math.Exp(-eta));
        }

        return (rows, won);
    }

    /// <summary>The generated leads as outcomes over rules <paramref name="ruleIndexes"/> of a model, with made-up lead ids.</summary>
    public static ScoredOutcome[] AsOutcomes(FeatureRow[] rows, bool[] won, IReadOnlyList<int> ruleIndexes) =>
    [
        .. rows.Select((row, n) => new ScoredOutcome(
            n.ToString("x32", CultureInfo.InvariantCulture),
            won[n],
            new FeatureRow([.. row.Indexes.Select(i => ruleIndexes[i])], row.Values),
            (decimal)row.Values.Sum())),
    ];
}
