using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Testing.Azurite;
using static LeadFunctions.Infrastructure.Tests.Storage.LeadStorageTestData;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The erasure's table adapter (<see cref="TableLeadErasure"/>) on Azurite: nothing of the lead is left.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableLeadErasureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Erasure_leaves_nothing_behind_and_is_idempotent()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var now = clock.GetUtcNow();
        await store.Leads.AppendEventsAsync(lead.LeadId, [Stored("api", "e1", now), Stored("api", "e2", now)]);
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = lead.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };
        await store.Scores.TrySaveScoreAsync(
            (await store.Leads.GetLeadAsync(lead.LeadId))!,
            Score(LeadStage.SQL, 60, now) with { DecayReviewDueAt = now.AddHours(1) },
            handoff,
            now);

        await store.Erasure.EraseLeadAsync(lead.LeadId);
        await store.Erasure.EraseLeadAsync(lead.LeadId);

        Assert.Null(await store.Leads.GetLeadAsync(lead.LeadId));
        Assert.Null(await store.Scores.GetScoringStateAsync(lead.LeadId));
        Assert.Null(await store.Leads.FindLeadByEmailAsync(Profile.Email));
        Assert.Empty(await store.Outbox.GetDueHandoffsAsync(now.AddHours(1), 10));
        Assert.Empty((await store.Leads.ListLeadsByStageAsync(LeadStage.SQL, null, 10)).Leads);
        Assert.Empty(await store.DecayReviews.GetDueDecayReviewsAsync(now.AddDays(1), 10));
        Assert.Equal(0, await CountRowsAsync(store));
        await Assert.ThrowsAsync<LeadNotFoundException>(() => store.Leads.AppendEventsAsync(lead.LeadId, [Stored("api", "e3", now)]));
    }

    [Fact]
    public async Task Erasure_removes_the_reminder_index_row_and_the_status_receipts()
    {
        var (store, lead, now) = await HandedOffLeadAsync(azurite);
        await SendAsync(store, lead.LeadId, now);
        await store.SalesActions.TrySaveSalesActionAsync((await store.Leads.GetLeadAsync(lead.LeadId))!, Accepted(lead, now), new SalesStatusReceipt("crm-7"), now);

        await store.Erasure.EraseLeadAsync(lead.LeadId);

        Assert.Empty(await store.Outbox.GetDueRemindersAsync(now.AddDays(2), 10));
        Assert.False(await store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-7"));
        Assert.Equal(0, await CountReminderRowsAsync(store));
        Assert.Null(await store.Outbox.GetHandoffAsync(lead.LeadId, SalesHandoff.IdFor(now)));
    }
}
