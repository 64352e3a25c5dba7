using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Testing.Azurite;
using static LeadFunctions.Infrastructure.Tests.Storage.LeadStorageTestData;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The decay review index's table adapter (<see cref="TableDecayReviewIndex"/>) on Azurite.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableDecayReviewIndexTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Finds_due_decay_reviews_from_the_index_and_a_moved_review_leaves_no_row()
    {
        var (store, clock) = Stores.Create(azurite);
        var now = clock.GetUtcNow();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile with { Email = $"lead{i}@example.com" }, LeadAttribution.None);
            var due = i < 3 ? now.AddHours(1).AddMinutes(-i) : now.AddDays(3);
            await store.Scores.TrySaveScoreAsync(
                (await store.Leads.GetLeadAsync(lead.LeadId))!,
                Score(LeadStage.MQL, 30, now) with { DecayReviewDueAt = due },
                null,
                now);
            ids.Add(lead.LeadId);
        }

        // Lead 0's review moves later: the save removes its old index row.
        var moved = (await store.Leads.GetLeadAsync(ids[0]))!;
        await store.Scores.TrySaveScoreAsync(moved, Score(LeadStage.MQL, 31, now) with { DecayReviewDueAt = now.AddDays(5) }, null, now);

        var dueNow = await store.DecayReviews.GetDueDecayReviewsAsync(now.AddHours(2), 100);

        Assert.Equal(
            new[]
            {
                new DecayReview(ids[2], now.AddHours(1).AddMinutes(-2)),
                new DecayReview(ids[1], now.AddHours(1).AddMinutes(-1)),
            }.OrderBy(r => r.LeadId, StringComparer.Ordinal),
            dueNow.OrderBy(r => r.LeadId, StringComparer.Ordinal));
        foreach (var review in dueNow)
        {
            Assert.True(review.IsCurrentFor((await store.Leads.GetLeadAsync(review.LeadId))!));
        }

        Assert.Single(await store.DecayReviews.GetDueDecayReviewsAsync(now.AddHours(2), 1));
        Assert.Empty(await store.DecayReviews.GetDueDecayReviewsAsync(now, 100));
    }

    [Fact]
    public async Task A_stale_review_row_left_by_a_lost_race_is_recognised_and_removed()
    {
        var (store, clock) = Stores.Create(azurite);
        var now = clock.GetUtcNow();
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        await store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.Lead, 10, now) with { DecayReviewDueAt = now.AddDays(30) }, null, now);
        var first = (await store.Leads.GetLeadAsync(lead.LeadId))!;

        // A rescoring that lost its race leaves its index row behind (written before its batch failed).
        var stale = Score(LeadStage.MQL, 25, now) with { DecayReviewDueAt = now.AddHours(1).AddTicks(7) };
        Assert.True(
            await store.Scores.TrySaveScoreAsync(first, Score(LeadStage.MQL, 25, now) with { DecayReviewDueAt = now.AddHours(1) }, null, now));
        Assert.False(await store.Scores.TrySaveScoreAsync(first, stale, null, now));

        var due = await store.DecayReviews.GetDueDecayReviewsAsync(now.AddDays(90), 100);
        var current = (await store.Leads.GetLeadAsync(lead.LeadId))!;

        Assert.Equal(
            [new DecayReview(lead.LeadId, now.AddHours(1)), new DecayReview(lead.LeadId, now.AddHours(1).AddTicks(7))],
            due.OrderBy(r => r.DueAt));
        var currentRow = Assert.Single(due, review => review.IsCurrentFor(current));
        var staleRow = Assert.Single(due, review => !review.IsCurrentFor(current));
        await store.DecayReviews.RemoveDecayReviewAsync(staleRow);
        await store.DecayReviews.RemoveDecayReviewAsync(staleRow);
        Assert.Equal([currentRow], await store.DecayReviews.GetDueDecayReviewsAsync(now.AddDays(90), 100));
    }
}
