using System.Globalization;
using LeadFunctions.ModelReviews;

namespace LeadFunctions.Testing.ModelReviews;

/// <summary>
/// <see cref="IModelReviewStore"/> in this process, with the table store's contract
/// (src/LeadFunctions.Infrastructure/Storage/TableModelReviewStore.cs): a review is added once per id, the listing is
/// newest first, an email update applies only to the ETag it was read with (a new ETag each time); one lock makes each
/// call atomic.
/// </summary>
public sealed class InMemoryModelReviewStore : IModelReviewStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, ModelReview> _reviews = new(StringComparer.Ordinal);
    private long _etag;

    /// <summary>Every review stored, oldest first (what a test asserts on).</summary>
    public IReadOnlyList<ModelReview> Reviews
    {
        get
        {
            lock (_gate)
            {
                return [.. _reviews.Values];
            }
        }
    }

    public Task<ModelReview?> TryCreateAsync(ModelReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        lock (_gate)
        {
            if (_reviews.ContainsKey(review.ReviewId))
            {
                return Task.FromResult<ModelReview?>(null);
            }

            var stored = review with { ETag = NextETag() };
            _reviews.Add(review.ReviewId, stored);
            return Task.FromResult<ModelReview?>(stored);
        }
    }

    public Task<ModelReview?> GetAsync(string reviewId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_reviews.GetValueOrDefault(reviewId));
        }
    }

    public Task<IReadOnlyList<ModelReview>> ListRecentAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ModelReview>>([.. _reviews.Values.Reverse().Take(max)]);
        }
    }

    public Task<IReadOnlyList<ModelReview>> GetDueEmailsAsync(DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ModelReview>>(
                [.. _reviews.Values.Where(review => review.Email?.IsDueAt(now) == true).Take(maxCount)]);
        }
    }

    public Task<ModelReview?> TryUpdateEmailAsync(ModelReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        lock (_gate)
        {
            if (!_reviews.TryGetValue(review.ReviewId, out var current) || current.ETag != review.ETag)
            {
                return Task.FromResult<ModelReview?>(null);
            }

            var stored = current with { Email = review.Email, ETag = NextETag() };
            _reviews[review.ReviewId] = stored;
            return Task.FromResult<ModelReview?>(stored);
        }
    }

    private string NextETag() => (++_etag).ToString(CultureInfo.InvariantCulture);
}
