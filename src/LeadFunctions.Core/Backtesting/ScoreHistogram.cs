using System.Text.Json.Serialization;

namespace LeadFunctions.Backtesting;

/// <summary>
/// Won and not-won leads counted per total score, at a resolution of 0.01 points (the scorer's own: every score has at
/// most two decimals, so nothing is lost). Sparse, so a page of 1,000 leads stores at most 1,000 buckets, and mergeable:
/// the histograms of every page add up to the histogram of all leads, from which AUC and the top decile are exact.
/// </summary>
public sealed class ScoreHistogram
{
    private readonly Dictionary<long, ClassCounts> _buckets;

    public ScoreHistogram()
    {
        _buckets = [];
    }

    /// <summary>A histogram of stored buckets (keys are scores in hundredths of a point).</summary>
    [JsonConstructor]
    public ScoreHistogram(IReadOnlyDictionary<long, ClassCounts> buckets)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        _buckets = new Dictionary<long, ClassCounts>(buckets);
    }

    /// <summary>Per score in hundredths of a point, the leads with that total score.</summary>
    public IReadOnlyDictionary<long, ClassCounts> Buckets => _buckets;

    [JsonIgnore]
    public ClassCounts Totals => _buckets.Values.Aggregate(default(ClassCounts), ClassCounts.Add);

    public void Add(decimal score, bool won)
    {
        var key = ToKey(score);
        _buckets[key] = _buckets.GetValueOrDefault(key).Add(won);
    }

    public void Merge(ScoreHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, counts) in other._buckets)
        {
            _buckets[key] = _buckets.GetValueOrDefault(key) + counts;
        }
    }

    /// <summary>The buckets from the lowest score to the highest, with their scores in points.</summary>
    public IEnumerable<(decimal Score, ClassCounts Counts)> Ascending() =>
        _buckets.OrderBy(bucket => bucket.Key).Select(bucket => (bucket.Key / 100m, bucket.Value));

    /// <summary>
    /// The area under the ROC curve: the probability that a won lead has a higher total score than a lead not won, a tie
    /// counted as half (the Mann-Whitney U statistic over the product of the class sizes). Null when either class is
    /// empty: there is no pair to compare.
    /// </summary>
    public double? Auc()
    {
        var totals = Totals;
        if (totals.Won == 0 || totals.NotWon == 0)
        {
            return null;
        }

        double wins = 0;
        long notWonBelow = 0;
        foreach (var (_, counts) in Ascending())
        {
            wins += counts.Won * (notWonBelow + (counts.NotWon / 2.0));
            notWonBelow += counts.NotWon;
        }

        return wins / ((double)totals.Won * totals.NotWon);
    }

    /// <summary>
    /// The leads of the highest-scoring <paramref name="share"/> of all leads, and how many of them were won. At the
    /// boundary the leads tied on one score are taken in proportion (their won share counted as the bucket's), so the
    /// figure does not depend on an arbitrary order between equal scores.
    /// </summary>
    public (double Leads, double Won) Top(double share)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(share);
        var wanted = Math.Ceiling(Totals.Total * share);
        double taken = 0;
        double won = 0;
        foreach (var (_, counts) in Ascending().Reverse())
        {
            if (taken >= wanted)
            {
                break;
            }

            var take = Math.Min(counts.Total, wanted - taken);
            won += counts.Won * (take / counts.Total);
            taken += take;
        }

        return (taken, won);
    }

    private static long ToKey(decimal score) => (long)decimal.Round(score * 100, MidpointRounding.AwayFromZero);
}
