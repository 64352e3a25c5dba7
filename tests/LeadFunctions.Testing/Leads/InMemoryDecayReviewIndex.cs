using LeadFunctions.Leads;
using LeadFunctions.Qualification;

namespace LeadFunctions.Testing.Leads;

/// <summary><see cref="IDecayReviewIndex"/> over <see cref="InMemoryLeadTables"/>: the index is an ordered set read as a range.</summary>
public sealed class InMemoryDecayReviewIndex : IDecayReviewIndex
{
    private readonly InMemoryLeadTables _tables;

    internal InMemoryDecayReviewIndex(InMemoryLeadTables tables) => _tables = tables;

    public Task<IReadOnlyList<DecayReview>> GetDueDecayReviewsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_tables.Gate)
        {
            IReadOnlyList<DecayReview> due = [.. _tables.DecayIndex
                .TakeWhile(row => row.Ticks <= now.UtcTicks)
                .Take(maxCount)
                .Select(row => new DecayReview(row.Key, new DateTimeOffset(row.Ticks, TimeSpan.Zero)))];
            return Task.FromResult(due);
        }
    }

    public Task RemoveDecayReviewAsync(DecayReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        lock (_tables.Gate)
        {
            _tables.DecayIndex.Remove((review.DueAt.UtcTicks, review.LeadId));
        }

        return Task.CompletedTask;
    }
}
