namespace LeadFunctions.Modeling;

/// <summary>
/// The area under the ROC curve: the probability that a won lead scores higher than a lead that was not won (ties
/// count one half). 1 ranks every won lead first, 0.5 is a coin toss. Computed from ranks (Mann–Whitney U), so it costs
/// a sort, not a comparison of every pair.
/// </summary>
public static class AreaUnderCurve
{
    /// <summary>The AUC of <paramref name="scores"/> against <paramref name="won"/>; null when either class is empty.</summary>
    public static double? Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> won)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(won);
        ArgumentOutOfRangeException.ThrowIfNotEqual(won.Count, scores.Count);
        long positives = won.Count(outcome => outcome);
        long negatives = won.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var positiveRankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            // Tied scores share the average of their ranks (1-based).
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var averageRank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                positiveRankSum += won[order[k]] ? averageRank : 0;
            }

            start = end + 1;
        }

        var u = positiveRankSum - (positives * (positives + 1) / 2.0);
        return u / (positives * (double)negatives);
    }
}
