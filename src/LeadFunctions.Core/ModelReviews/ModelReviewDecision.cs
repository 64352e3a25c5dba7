using LeadFunctions.Modeling;

namespace LeadFunctions.ModelReviews;

/// <summary>
/// What a weekly review finds, stated up front. Fewer than <see cref="MinOutcomes"/> outcomes in the window, or no AUC
/// (only won leads, or none won): too few outcomes, nothing else is judged. Otherwise <b>drift</b> when the live model's
/// AUC at outcome time fell by <see cref="DriftMargin"/> or more below the AUC it had in the backtest it was published on
/// (not judged when it was published without one), and a <b>better candidate</b> when the suggestion fitted to the
/// same outcomes beats the live model by <see cref="CandidateMargin"/> or more on the leads held out of its fit. Either
/// one (or both) is worth an email; neither is steady. AUCs are compared as the backtest reports them, to four decimals.
/// </summary>
public static class ModelReviewDecision
{
    /// <summary>How far the live AUC may fall below its published backtest's before the review calls it drift.</summary>
    public const double DriftMargin = 0.05;

    /// <summary>How far the candidate's held-out AUC must be above live's for the review to recommend it.</summary>
    public const double CandidateMargin = 0.03;

    /// <summary>The fewest outcomes a review judges on: as many as a points suggestion needs.</summary>
    public const int MinOutcomes = PointsSuggester.MinLeads;

    public static ModelReviewVerdict Decide(
        int outcomes, double? liveAuc, double? publishedAuc, double? candidateAuc, double? candidateLiveAuc)
    {
        if (outcomes < MinOutcomes || liveAuc is not { } live)
        {
            return ModelReviewVerdict.TooFewOutcomes;
        }

        var drift = publishedAuc is { } published && Round(published - live) >= DriftMargin;
        var better = candidateAuc is { } candidate && candidateLiveAuc is { } baseline && Round(candidate - baseline) >= CandidateMargin;
        return (drift, better) switch
        {
            (true, true) => ModelReviewVerdict.DriftAndBetterCandidate,
            (true, false) => ModelReviewVerdict.Drift,
            (false, true) => ModelReviewVerdict.BetterCandidate,
            _ => ModelReviewVerdict.Steady,
        };
    }

    /// <summary>True for the verdicts that email the review's recipient.</summary>
    public static bool NeedsEmail(ModelReviewVerdict verdict) =>
        verdict is ModelReviewVerdict.Drift or ModelReviewVerdict.BetterCandidate or ModelReviewVerdict.DriftAndBetterCandidate;

    /// <summary>An AUC (or a difference of two) to four decimals, as the backtest reports it.</summary>
    public static double Round(double value) => Math.Round(value, 4);
}
