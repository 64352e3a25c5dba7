using LeadFunctions.Modeling;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class LogisticRegressionTests
{
    private static readonly double[] TrueWeights = [2.0, -1.6, 1.0, -0.7, 0.4, -0.2];

    [Fact]
    public void Recovers_the_signs_and_the_order_of_known_weights()
    {
        var (rows, won) = GeneratedOutcomes.Create(6_000, TrueWeights, -0.5, seed: 13);

        var fit = LogisticRegression.Fit(rows, won, TrueWeights.Length, lambda: 1);

        Assert.True(fit.Converged);
        Assert.Equal(TrueWeights.Select(Math.Sign), fit.Weights.Select(Math.Sign));
        Assert.Equal(Ranks(TrueWeights), Ranks(fit.Weights));
        Assert.All(fit.Weights.Zip(TrueWeights), pair => Assert.InRange(pair.First, pair.Second - 0.3, pair.Second + 0.3));
        Assert.InRange(fit.Intercept, -0.8, -0.2);
    }

    [Fact]
    public void Two_fits_of_the_same_data_are_identical()
    {
        var (rows, won) = GeneratedOutcomes.Create(2_000, TrueWeights, -0.5, seed: 7);

        var first = LogisticRegression.Fit(rows, won, TrueWeights.Length, lambda: 1);
        var second = LogisticRegression.Fit(rows, won, TrueWeights.Length, lambda: 1);

        Assert.Equal(first.Intercept, second.Intercept);
        Assert.Equal(first.Weights, second.Weights);
        Assert.Equal(first.StandardErrors, second.StandardErrors);
        Assert.Equal(first.Iterations, second.Iterations);
    }

    [Fact]
    public void A_larger_penalty_shrinks_every_weight_towards_zero()
    {
        var (rows, won) = GeneratedOutcomes.Create(1_000, TrueWeights, -0.5, seed: 21);

        var fits = new[] { 0.01, 10, 100, 1_000 }.Select(lambda => LogisticRegression.Fit(rows, won, TrueWeights.Length, lambda)).ToArray();

        for (var k = 1; k < fits.Length; k++)
        {
            Assert.All(
                Enumerable.Range(0, TrueWeights.Length),
                i => Assert.True(Math.Abs(fits[k].Weights[i]) < Math.Abs(fits[k - 1].Weights[i]), $"weight {i} at fit {k}"));
        }

        Assert.True(
            fits[^1].Weights.Sum(Math.Abs) < fits[0].Weights.Sum(Math.Abs) / 5,
            "a penalty of 1,000 on 1,000 leads leaves less than a fifth of the weights");
    }

    [Fact]
    public void Perfectly_separable_outcomes_give_finite_weights()
    {
        // Every lead with feature 0 won, every lead without it lost: without a penalty its weight would grow without end.
        FeatureRow[] rows =
            [.. Enumerable.Range(0, 200).Select(n => n % 2 == 0 ? new FeatureRow([0, 1], [1, 0.5]) : new FeatureRow([1], [0.5]))];
        bool[] won = [.. Enumerable.Range(0, 200).Select(n => n % 2 == 0)];

        var fit = LogisticRegression.Fit(rows, won, 2, lambda: 1);

        Assert.True(fit.Converged);
        Assert.All(fit.Weights.Append(fit.Intercept), weight => Assert.True(double.IsFinite(weight)));
        Assert.InRange(fit.Weights[0], 3, 30);
        Assert.All(fit.StandardErrors, error => Assert.True(double.IsFinite(error) && error > 0));
    }

    [Fact]
    public void Standard_errors_shrink_with_more_data()
    {
        var (few, fewWon) = GeneratedOutcomes.Create(500, TrueWeights, -0.5, seed: 3);
        var (many, manyWon) = GeneratedOutcomes.Create(8_000, TrueWeights, -0.5, seed: 3);

        var small = LogisticRegression.Fit(few, fewWon, TrueWeights.Length, lambda: 1);
        var large = LogisticRegression.Fit(many, manyWon, TrueWeights.Length, lambda: 1);

        Assert.All(Enumerable.Range(0, TrueWeights.Length), i => Assert.True(large.StandardErrors[i] < small.StandardErrors[i] / 2));
    }

    [Fact]
    public void Refuses_a_penalty_of_zero()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LogisticRegression.Fit([FeatureRow.Empty], [true], 0, lambda: 0));
    }

    private static int[] Ranks(IReadOnlyList<double> weights) =>
        [.. Enumerable.Range(0, weights.Count).OrderBy(i => weights[i])];
}
