using System.Globalization;
using LeadFunctions.ModelReviews;

namespace LeadFunctions.Http.Models;

/// <summary>
/// One weekly review of the live model as the models page lists it (issue 20 item 4): when it ran, the version it
/// judged, on how many outcomes, the live model's AUC on them against the AUC of the backtest it was published on, the
/// best candidate's AUC, what the review found in words, and whether it emailed the team. Null figures show as n/a.
/// </summary>
public sealed record ModelReviewRow(
    DateTimeOffset ReviewedAt,
    string LiveVersion,
    long Outcomes,
    double? LiveAuc,
    double? PublishedAuc,
    double? CandidateAuc,
    string Finding,
    bool Emailed)
{
    /// <summary>How many reviews the page lists: a quarter of weekly reviews.</summary>
    public const int Shown = 13;

    /// <summary>The row of a recorded review: its figures, what it found in words, and whether its email went out.</summary>
    public static ModelReviewRow From(ModelReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return new ModelReviewRow(
            review.ReviewedAt,
            review.LiveVersion,
            review.Outcomes,
            review.LiveAuc,
            review.PublishedAuc,
            review.CandidateAuc,
            FindingOf(review),
            review.Email?.Status == ModelReviewEmailStatus.Sent);
    }

    private static string FindingOf(ModelReview review)
    {
        var drift = string.Create(CultureInfo.InvariantCulture, $"Drift: AUC {-review.AucDrop:+0.000;-0.000} since published");
        var better = string.Create(
            CultureInfo.InvariantCulture, $"a better candidate ({review.CandidateGain:+0.000;-0.000} on held-out leads)");
        return review.Verdict switch
        {
            ModelReviewVerdict.Drift => drift,
            ModelReviewVerdict.BetterCandidate => char.ToUpperInvariant(better[0]) + better[1..],
            ModelReviewVerdict.DriftAndBetterCandidate => drift + "; " + better,
            ModelReviewVerdict.TooFewOutcomes => "Too few outcomes to judge",
            _ => "Steady",
        };
    }
}
