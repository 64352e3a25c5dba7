using Azure.Data.Tables;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Testing.Azurite;
using static LeadFunctions.Infrastructure.Tests.Storage.LeadStorageTestData;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The sales action store's table adapter (<see cref="TableSalesActionStore"/>) on Azurite: sales actions with their receipts.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableSalesActionStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_sales_action_moves_the_lead_and_its_stage_index()
    {
        var (store, lead, now) = await HandedOffLeadAsync(azurite);

        var result = await store.SalesActions.TrySaveSalesActionAsync(lead, Accepted(lead, now), receipt: null, now);

        Assert.Equal(SalesSaveResult.Saved, result);
        var stored = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.Equal(LeadStage.SAL, stored.Stage);
        Assert.Equal(
            new StageChange(LeadStage.SQL, LeadStage.SAL, now, "accepted by sales")
            {
                Action = SalesActionKind.Accept,
                Actor = "sales@example.com",
                Note = "Calling today",
            },
            stored.Score!.StageHistory[^1]);
        Assert.Contains((await store.Leads.ListLeadsByStageAsync(LeadStage.SAL, null, 10)).Leads, l => l.LeadId == lead.LeadId);
        Assert.Empty((await store.Leads.ListLeadsByStageAsync(LeadStage.SQL, null, 10)).Leads);
    }

    [Fact]
    public async Task A_status_with_an_external_id_is_recorded_once()
    {
        var (store, lead, now) = await HandedOffLeadAsync(azurite);

        var first = await store.SalesActions.TrySaveSalesActionAsync(lead, Accepted(lead, now), new SalesStatusReceipt("crm-42"), now);
        var current = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        var replay = await store.SalesActions.TrySaveSalesActionAsync(current, Accepted(current, now.AddMinutes(1)), new SalesStatusReceipt("crm-42"), now.AddMinutes(1));

        Assert.Equal((SalesSaveResult.Saved, SalesSaveResult.AlreadyRecorded), (first, replay));
        Assert.True(await store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-42"));
        Assert.False(await store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-43"));
        Assert.Equal(current.ETag, (await store.Leads.GetLeadAsync(lead.LeadId))!.ETag);
    }

    [Fact]
    public async Task A_receipt_keeps_the_status_and_body_hash_and_one_from_before_bodies_were_kept_reads_without_a_hash()
    {
        var (store, lead, now) = await HandedOffLeadAsync(azurite);

        var saved = await store.SalesActions.TrySaveSalesActionAsync(lead, Accepted(lead, now), new SalesStatusReceipt("crm-body", "0badc0de"), now);
        var leads = store.Tables.All.First();
        await leads.AddEntityAsync(new TableEntity(lead.LeadId, LeadKeys.SalesStatusRow("crm-old"))
        {
            ["Action"] = "Lost",
            ["From"] = "SAL",
            ["To"] = "Lost",
            ["RecordedAt"] = now,
        });

        Assert.Equal(SalesSaveResult.Saved, saved);
        Assert.Equal(
            new SalesStatusReceipt("crm-body", "0badc0de") { Status = SalesActionKind.Accept },
            await store.SalesActions.GetSalesStatusReceiptAsync(lead.LeadId, "crm-body"));
        var old = await store.SalesActions.GetSalesStatusReceiptAsync(lead.LeadId, "crm-old");
        Assert.Equal(new SalesStatusReceipt("crm-old") { Status = SalesActionKind.Lost }, old);
        Assert.True(old!.HasSameBodyAs(new SalesStatusReceipt("crm-old", "any body")));
        Assert.Null(await store.SalesActions.GetSalesStatusReceiptAsync(lead.LeadId, "crm-none"));
    }

    [Fact]
    public async Task A_sales_action_on_a_stale_read_or_an_erased_lead_writes_nothing()
    {
        var (store, lead, now) = await HandedOffLeadAsync(azurite);
        Assert.Equal(SalesSaveResult.Saved, await store.SalesActions.TrySaveSalesActionAsync(lead, Accepted(lead, now), null, now));

        var stale = await store.SalesActions.TrySaveSalesActionAsync(lead, Accepted(lead, now), new SalesStatusReceipt("crm-1"), now);
        await store.Erasure.EraseLeadAsync(lead.LeadId);
        var erased = await store.SalesActions.TrySaveSalesActionAsync(lead with { ETag = "*" }, Accepted(lead, now), null, now);

        Assert.Equal(SalesSaveResult.Changed, stale);
        Assert.False(await store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-1"));
        Assert.Equal(SalesSaveResult.NotFound, erased);
        Assert.Null(await store.Leads.GetLeadAsync(lead.LeadId));
    }
}
