using Azure.Data.Tables;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// The sales loop's paths of <see cref="TableLeadStore"/> on Azurite: sales actions with their receipts, and SLA reminders.
/// </summary>
[Collection(LeadStoreCollection.Name)]
public sealed class SalesStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_sales_action_moves_the_lead_and_its_stage_index()
    {
        var (store, lead, now) = await HandedOffLeadAsync();

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
        var (store, lead, now) = await HandedOffLeadAsync();

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
        var (store, lead, now) = await HandedOffLeadAsync();

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
        var (store, lead, now) = await HandedOffLeadAsync();
        Assert.Equal(SalesSaveResult.Saved, await store.SalesActions.TrySaveSalesActionAsync(lead, Accepted(lead, now), null, now));

        var stale = await store.SalesActions.TrySaveSalesActionAsync(lead, Accepted(lead, now), new SalesStatusReceipt("crm-1"), now);
        await store.Erasure.EraseLeadAsync(lead.LeadId);
        var erased = await store.SalesActions.TrySaveSalesActionAsync(lead with { ETag = "*" }, Accepted(lead, now), null, now);

        Assert.Equal(SalesSaveResult.Changed, stale);
        Assert.False(await store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-1"));
        Assert.Equal(SalesSaveResult.NotFound, erased);
        Assert.Null(await store.Leads.GetLeadAsync(lead.LeadId));
    }

    [Fact]
    public async Task A_sent_hand_off_s_reminder_is_found_when_due_and_leaves_the_index_when_sent()
    {
        var (store, lead, now) = await HandedOffLeadAsync();
        var sent = await SendAsync(store, lead.LeadId, now);

        var early = await store.Outbox.GetDueRemindersAsync(now.AddHours(23), 10);
        var due = Assert.Single(await store.Outbox.GetDueRemindersAsync(now.AddHours(24), 10));
        var claimed = await store.Outbox.TryUpdateReminderAsync(
            due with
            {
                Reminder = due.Reminder! with
                {
                    Status = ReminderStatus.Sending,
                    Attempts = 1,
                    NextAttemptAt = now.AddHours(24).AddMinutes(5),
                },
            });
        var lost = await store.Outbox.TryUpdateReminderAsync(due with { Reminder = due.Reminder! with { Status = ReminderStatus.Sending } });
        var whileLeased = await store.Outbox.GetDueRemindersAsync(now.AddHours(24).AddMinutes(1), 10);
        await store.Outbox.TryUpdateReminderAsync(
            claimed! with { Reminder = claimed.Reminder! with { Status = ReminderStatus.Sent, SentAt = now.AddHours(24) } });

        Assert.Empty(early);
        Assert.Equal(("dach-sales@example.com", sent.Reminder!.DueAt), (due.Recipient, due.Reminder!.DueAt));
        Assert.NotNull(claimed);
        Assert.Null(lost);
        Assert.Empty(whileLeased);
        Assert.Empty(await store.Outbox.GetDueRemindersAsync(now.AddDays(5), 10));
        Assert.Equal(ReminderStatus.Sent, (await store.Outbox.GetHandoffAsync(lead.LeadId, sent.HandoffId))!.Reminder!.Status);
        Assert.Equal(0, await CountReminderRowsAsync(store));
    }

    [Fact]
    public async Task Erasure_removes_the_reminder_index_row_and_the_status_receipts()
    {
        var (store, lead, now) = await HandedOffLeadAsync();
        await SendAsync(store, lead.LeadId, now);
        await store.SalesActions.TrySaveSalesActionAsync((await store.Leads.GetLeadAsync(lead.LeadId))!, Accepted(lead, now), new SalesStatusReceipt("crm-7"), now);

        await store.Erasure.EraseLeadAsync(lead.LeadId);

        Assert.Empty(await store.Outbox.GetDueRemindersAsync(now.AddDays(2), 10));
        Assert.False(await store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-7"));
        Assert.Equal(0, await CountReminderRowsAsync(store));
        Assert.Null(await store.Outbox.GetHandoffAsync(lead.LeadId, SalesHandoff.IdFor(now)));
    }

    private async Task<(TableLeadPorts Store, Lead Lead, DateTimeOffset Now)> HandedOffLeadAsync()
    {
        var (store, clock) = Stores.Create(azurite);
        var (created, _) = await store.Leads.GetOrCreateLeadAsync(
            new LeadProfile { Email = $"dana.{Guid.NewGuid():N}@northwind.example" },
            LeadAttribution.None);
        var now = clock.GetUtcNow();
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = created.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };
        Assert.True(await store.Scores.TrySaveScoreAsync(created, SqlScore(now), handoff, now));
        return (store, (await store.Leads.GetLeadAsync(created.LeadId))!, now);
    }

    private static async Task<SalesHandoff> SendAsync(TableLeadPorts store, string leadId, DateTimeOffset now)
    {
        var handoff = (await store.Outbox.GetHandoffAsync(leadId, SalesHandoff.IdFor(now)))!;
        var sent = handoff with
        {
            Status = HandoffStatus.Sent,
            SentAt = now,
            Recipient = "dach-sales@example.com",
            Reminder = new HandoffReminder { DueAt = now.AddHours(24) },
        };
        return (await store.Outbox.TryRecordHandoffSentAsync(sent))!;
    }

    private static async Task<int> CountReminderRowsAsync(TableLeadPorts store)
    {
        var count = 0;
        foreach (var table in store.Tables.All)
        {
            await foreach (var _ in table
                .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"remind-"} and PartitionKey lt {"remind."}")))
            {
                count++;
            }
        }

        return count;
    }

    private static StoredScore Accepted(Lead lead, DateTimeOffset at)
    {
        var change = new StageChange(LeadStage.SQL, LeadStage.SAL, at, "accepted by sales")
        {
            Action = SalesActionKind.Accept,
            Actor = "sales@example.com",
            Note = "Calling today",
        };
        return lead.Score! with { Stage = LeadStage.SAL, StageHistory = [.. lead.Score!.StageHistory, change] };
    }

    private static StoredScore SqlScore(DateTimeOffset at) => new()
    {
        FitScore = 50,
        EngagementScore = 60,
        Grade = "A",
        Stage = LeadStage.SQL,
        IsPql = false,
        Bant = default,
        StageHistory =
        [
            new StageChange(LeadStage.Lead, LeadStage.MQL, at, "test"),
            new StageChange(LeadStage.MQL, LeadStage.SQL, at, "test"),
        ],
        Breakdown = [new RuleContribution(ScoreKind.Engagement, "demo", "Demo", 1, 60, null)],
        RecentEvents = [],
        ModelVersion = "test",
        ScoredAt = at,
        EventCount = 1,
    };
}
