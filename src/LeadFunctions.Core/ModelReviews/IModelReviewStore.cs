namespace LeadFunctions.ModelReviews;

/// <summary>
/// The port to the recorded weekly reviews (Azure Table Storage in production): a review is added once per
/// <see cref="ModelReview.ReviewId"/>; afterwards only its email's state changes, each write guarded by its ETag.
/// </summary>
public interface IModelReviewStore
{
    /// <summary>
    /// Records a new review and returns it with its ETag; null (nothing written) when a review with its id exists: another
    /// run or instance recorded this week's review first.
    /// </summary>
    Task<ModelReview?> TryCreateAsync(ModelReview review, CancellationToken cancellationToken = default);

    /// <summary>The review with its ETag, or null when there is none.</summary>
    Task<ModelReview?> GetAsync(string reviewId, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> reviews, newest first (the models page's review history).</summary>
    Task<IReadOnlyList<ModelReview>> ListRecentAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Reviews whose email is due at <paramref name="now"/> (<see cref="ModelReviewEmail.IsDueAt"/>), oldest first.</summary>
    Task<IReadOnlyList<ModelReview>> GetDueEmailsAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the review's email state if its ETag is still current and returns it with its new ETag; null when another run
    /// changed it first (or it is gone).
    /// </summary>
    Task<ModelReview?> TryUpdateEmailAsync(ModelReview review, CancellationToken cancellationToken = default);
}
