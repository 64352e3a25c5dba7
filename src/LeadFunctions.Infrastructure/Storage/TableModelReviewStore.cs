using Azure;
using Azure.Data.Tables;
using LeadFunctions.ModelReviews;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="IModelReviewStore"/> on Azure Table Storage: a row per review in one partition of the ModelReviews table
/// (<see cref="ModelReviewEntityMapper"/>), added once (409: another run recorded this week's review first), its email
/// state written by replacing the row under its ETag (412: another run claimed or recorded it first). No personal data
/// but the review inbox the email went to.
/// </summary>
public sealed class TableModelReviewStore : IModelReviewStore
{
    private readonly TableClient _table;
    private readonly CreateOnce _created;

    public TableModelReviewStore(TableServiceClient service, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        _table = service.GetTableClient(options.Value.ModelReviewsTable);
        _created = new CreateOnce(() => _table.CreateIfNotExistsAsync(CancellationToken.None));
    }

    public async Task<ModelReview?> TryCreateAsync(ModelReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        RequireValidId(review.ReviewId);
        await EnsureTableAsync(cancellationToken);
        try
        {
            var response = await _table.AddEntityAsync(ModelReviewEntityMapper.ToEntity(review), cancellationToken);
            return review with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return null;
        }
    }

    public async Task<ModelReview?> GetAsync(string reviewId, CancellationToken cancellationToken = default)
    {
        if (!ModelReviewId.IsValid(reviewId))
        {
            return null;
        }

        await EnsureTableAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(
            ModelReviewEntityMapper.Partition, ModelReviewEntityMapper.RowKey(reviewId), cancellationToken: cancellationToken);
        return entity.HasValue ? ModelReviewEntityMapper.ToReview(entity.Value!) : null;
    }

    public async Task<IReadOnlyList<ModelReview>> ListRecentAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ModelReviewEntityMapper.Partition}");
        return await QueryAsync(filter, max, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelReview>> GetDueEmailsAsync(
        DateTimeOffset now, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var pending = nameof(ModelReviewEmailStatus.Pending);
        var sending = nameof(ModelReviewEmailStatus.Sending);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ModelReviewEntityMapper.Partition} and (EmailStatus eq {pending} or EmailStatus eq {sending})");
        var open = await QueryAsync(filter, take: null, cancellationToken);
        return [.. open.Where(review => review.Email!.IsDueAt(now)).Reverse().Take(maxCount)];
    }

    public async Task<ModelReview?> TryUpdateEmailAsync(ModelReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        RequireValidId(review.ReviewId);
        var etag = new ETag(review.ETag ?? throw new ArgumentException("The review has no ETag.", nameof(review)));
        await EnsureTableAsync(cancellationToken);
        try
        {
            var response = await _table.UpdateEntityAsync(
                ModelReviewEntityMapper.ToEntity(review), etag, TableUpdateMode.Replace, cancellationToken);
            return review with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return null;
        }
    }

    private static void RequireValidId(string reviewId)
    {
        if (!ModelReviewId.IsValid(reviewId))
        {
            throw new ArgumentException("A review id is an ISO week, yyyy-Www.", nameof(reviewId));
        }
    }

    private async Task<List<ModelReview>> QueryAsync(string filter, int? take, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var reviews = new List<ModelReview>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken))
        {
            reviews.Add(ModelReviewEntityMapper.ToReview(row));
            if (reviews.Count == take)
            {
                break;
            }
        }

        return reviews;
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken) => _created.EnsureAsync(cancellationToken);
}
