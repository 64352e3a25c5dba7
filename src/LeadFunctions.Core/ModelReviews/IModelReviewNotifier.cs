namespace LeadFunctions.ModelReviews;

/// <summary>The port that tells the review's recipient what a weekly review found (email in production).</summary>
public interface IModelReviewNotifier
{
    /// <summary>
    /// Sends the email of <paramref name="review"/> to its <see cref="ModelReviewEmail.Recipient"/>. Throws when it could not
    /// be sent; the email stays pending and is retried.
    /// </summary>
    Task NotifyAsync(ModelReview review, CancellationToken cancellationToken = default);
}
