using LeadFunctions.Modeling;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class AreaUnderCurveTests
{
    [Fact]
    public void Is_the_share_of_won_and_not_won_pairs_ranked_right_with_ties_counting_half()
    {
        // Pairs (won, not won): (3, 2) right, (3, 1) right, (2, 2) tie, (2, 1) right: 3.5 of 4.
        var auc = AreaUnderCurve.Compute([3, 2, 2, 1], [true, true, false, false]);

        Assert.Equal(0.875, auc);
    }

    [Theory]
    [InlineData(new[] { 4.0, 3, 2, 1 }, new[] { true, true, false, false }, 1.0)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, new[] { true, true, false, false }, 0.0)]
    [InlineData(new[] { 5.0, 5, 5, 5 }, new[] { true, false, true, false }, 0.5)]
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6, 0.5 }, new[] { true, false, true, false, false }, 5.0 / 6)]
    public void Matches_worked_examples(double[] scores, bool[] won, double expected)
    {
        Assert.Equal(expected, AreaUnderCurve.Compute(scores, won)!.Value, precision: 12);
    }

    [Fact]
    public void Agrees_with_counting_every_pair_on_generated_scores()
    {
        var random = new Random(5);
        double[] scores = [.. Enumerable.Range(0, 300).Select(_ => Math.Round(random.NextDouble() * 20))];
        bool[] won = [.. scores.Select(score => random.NextDouble() < score / 25)];

        var pairs = 0.0;
        var right = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            for (var j = 0; j < scores.Length; j++)
            {
                if (won[i] && !won[j])
                {
                    pairs++;
                    right += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        Assert.Equal(right / pairs, AreaUnderCurve.Compute(scores, won)!.Value, precision: 12);
    }

    [Fact]
    public void Is_null_without_won_or_without_not_won_leads()
    {
        Assert.Null(AreaUnderCurve.Compute([1, 2], [true, true]));
        Assert.Null(AreaUnderCurve.Compute([1, 2], [false, false]));
        Assert.Null(AreaUnderCurve.Compute([], []));
    }
}
