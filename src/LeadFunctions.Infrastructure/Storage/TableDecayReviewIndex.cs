using Azure.Data.Tables;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="IDecayReviewIndex"/> on the decay review index table: a partition per hour a review is due, rows written by
/// <see cref="TableLeadScoreStore"/> before the score that plans them. The due ones are one range query
/// (<see cref="LeadTables.ScanDueIndexAsync"/>) of two columns, checked against their leads by the caller.
/// </summary>
public sealed class TableDecayReviewIndex(LeadTables tables) : IDecayReviewIndex
{
    private static readonly string[] Columns = ["LeadId", "DueAtTicks"];

    public async Task<IReadOnlyList<DecayReview>> GetDueDecayReviewsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {LeadKeys.DecayBucket(now)}");
        var scan = new DueIndexScan(now, maxCount, Math.Min(maxCount, 1000), Columns);
        return await tables.ScanDueIndexAsync(
            tables.DecayReviews,
            filter,
            scan,
            (row, _) => ValueTask.FromResult(Resolve(row, now)),
            cancellationToken);
    }

    public async Task RemoveDecayReviewAsync(DecayReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        await tables.EnsureTablesAsync(cancellationToken);
        await LeadTables.DeleteIfExistsAsync(
            tables.DecayReviews,
            LeadKeys.DecayBucket(review.DueAt),
            LeadKeys.DecayRow(review.LeadId, review.DueAt),
            cancellationToken);
    }

    /// <summary>
    /// A row due by its ticks (not an Edm.DateTime: exact, so the row can be compared with the lead's own review time);
    /// later this hour, it waits.
    /// </summary>
    private static DueRow<DecayReview> Resolve(TableEntity row, DateTimeOffset now) =>
        row.GetInt64("DueAtTicks") is { } ticks && ticks <= now.UtcTicks && row.GetString("LeadId") is { } leadId
            ? DueRow<DecayReview>.Due(new DecayReview(leadId, new DateTimeOffset(ticks, TimeSpan.Zero)))
            : DueRow<DecayReview>.NotDue;
}
