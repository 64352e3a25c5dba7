using LeadFunctions.Backtesting;

namespace LeadFunctions.Core.Tests.Backtesting;

public sealed class ScoreHistogramTests
{
    [Fact]
    public void Auc_of_a_perfect_ranking_is_one()
    {
        var histogram = Histogram(won: [50, 60, 70], notWon: [10, 20, 30]);

        Assert.Equal(1.0, histogram.Auc());
    }

    [Fact]
    public void Auc_of_an_inverse_ranking_is_zero()
    {
        var histogram = Histogram(won: [10, 20], notWon: [50, 60, 70]);

        Assert.Equal(0.0, histogram.Auc());
    }

    [Fact]
    public void Auc_of_a_mixed_ranking_counts_the_pairs_a_won_lead_wins()
    {
        // Pairs (won, not won): (1,2) lost, (1,4) lost, (3,2) won, (3,4) lost: 1 of 4.
        var histogram = Histogram(won: [1, 3], notWon: [2, 4]);

        Assert.Equal(0.25, histogram.Auc());
    }

    [Fact]
    public void Auc_counts_a_tie_as_half()
    {
        // Each won 5 ties the not-won 5 (0.5) and beats the not-won 1 (1): (0.5 + 1) * 2 of 4 pairs.
        var histogram = Histogram(won: [5, 5], notWon: [5, 1]);

        Assert.Equal(0.75, histogram.Auc());
    }

    [Fact]
    public void Auc_of_all_tied_scores_is_one_half()
    {
        var histogram = Histogram(won: [7, 7, 7], notWon: [7, 7]);

        Assert.Equal(0.5, histogram.Auc());
    }

    [Fact]
    public void Auc_is_undefined_without_won_leads_or_without_leads_not_won()
    {
        Assert.Null(Histogram(won: [], notWon: [1, 2]).Auc());
        Assert.Null(Histogram(won: [1, 2], notWon: []).Auc());
        Assert.Null(new ScoreHistogram().Auc());
    }

    [Fact]
    public void Scores_are_kept_to_the_hundredth_of_a_point_so_close_scores_do_not_tie()
    {
        var histogram = Histogram(won: [10.01m], notWon: [10.00m]);

        Assert.Equal(1.0, histogram.Auc());
        Assert.Equal(2, histogram.Buckets.Count);
    }

    [Fact]
    public void Merged_page_histograms_equal_the_histogram_of_all_leads()
    {
        var first = Histogram(won: [1, 3, 8], notWon: [2, 4]);
        var second = Histogram(won: [3, 9], notWon: [3, 8, 0.5m]);
        var all = Histogram(won: [1, 3, 8, 3, 9], notWon: [2, 4, 3, 8, 0.5m]);

        first.Merge(second);

        Assert.Equal(all.Buckets.OrderBy(b => b.Key), first.Buckets.OrderBy(b => b.Key));
        Assert.Equal(all.Auc(), first.Auc());
    }

    [Fact]
    public void Top_decile_takes_the_highest_scores()
    {
        // 20 leads scored 1..20, won at 20 and 3: the top 2 are 20 (won) and 19.
        decimal[] others = [.. Enumerable.Range(1, 20).Where(s => s is not 20 and not 3).Select(s => (decimal)s)];
        var histogram = Histogram(won: [20, 3], notWon: others);

        var (leads, won) = histogram.Top(0.1);

        Assert.Equal(2, leads);
        Assert.Equal(1, won);
    }

    [Fact]
    public void Top_decile_takes_a_tied_bucket_in_proportion()
    {
        // Ten leads on one score, two won: the top lead is a tenth of the bucket, so a fifth of a won lead.
        var histogram = Histogram(won: [5, 5], notWon: [5, 5, 5, 5, 5, 5, 5, 5]);

        var (leads, won) = histogram.Top(0.1);

        Assert.Equal(1, leads);
        Assert.Equal(0.2, won, 10);
    }

    private static ScoreHistogram Histogram(decimal[] won, decimal[] notWon)
    {
        var histogram = new ScoreHistogram();
        foreach (var score in won)
        {
            histogram.Add(score, won: true);
        }

        foreach (var score in notWon)
        {
            histogram.Add(score, won: false);
        }

        return histogram;
    }
}
