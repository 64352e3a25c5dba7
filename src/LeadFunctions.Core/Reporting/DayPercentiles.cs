namespace LeadFunctions.Reporting;

/// <summary>Percentiles of durations kept as a histogram of whole days: exact at day resolution, whatever the count.</summary>
public static class DayPercentiles
{
    /// <summary>
    /// The nearest-rank percentile: the smallest number of days d such that at least <paramref name="fraction"/> of
    /// the durations are at most d (the median is 0.5). Null for an empty histogram.
    /// </summary>
    public static int? Of(IReadOnlyDictionary<int, long> histogram, double fraction)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(fraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1);
        var total = histogram.Values.Sum();
        if (total <= 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        foreach (var (days, count) in histogram.OrderBy(bucket => bucket.Key))
        {
            seen += count;
            if (seen >= rank)
            {
                return days;
            }
        }

        return histogram.Keys.Max();
    }
}
