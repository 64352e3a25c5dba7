namespace LeadFunctions.ModelReviews;

/// <summary>What one run of the review timer did.</summary>
/// <param name="ReviewId">This week's review id.</param>
/// <param name="Recorded">The review this run recorded; null when this week's review was recorded before (another run or instance).</param>
/// <param name="EmailsSent">Review emails the relay accepted in this run (this review's, or an earlier one's retry).</param>
public sealed record ModelReviewRunResult(string ReviewId, ModelReview? Recorded, int EmailsSent);
