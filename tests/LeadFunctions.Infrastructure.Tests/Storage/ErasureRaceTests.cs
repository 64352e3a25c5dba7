using Azure.Core;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// Erasure against everything that can happen to the lead at the same time, on Azurite. Each race is forced, not hoped
/// for: the erasing store's client holds one of its own storage requests (<see cref="RequestGate"/>) while the other
/// writers act, as another process would between two of its requests.
/// </summary>
[Collection(LeadStoreCollection.Name)]
public sealed class ErasureRaceTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = Stores.Start;

    /// <summary>Where the erasing store is held while the other writers act.</summary>
    public enum HoldPoint
    {
        /// <summary>Before its first request about the lead: every write lands before the erasure and is erased.</summary>
        BeforeItReadsTheLead,

        /// <summary>Just after it read the lead's partition, before it deletes anything.</summary>
        AfterItReadThePartition,

        /// <summary>Before the delete of the lead's last row.</summary>
        BeforeItDeletesTheLastRow,
    }

    [Fact]
    public async Task Two_parallel_erasures_both_succeed_and_leave_nothing()
    {
        var options = NewTables();
        var (store, _) = Store(options);
        var lead = await LeadWithEverythingAsync(store);

        // Both erasures read the partition before either deletes a row: each then deletes rows the other already deleted.
        var bothRead = new Rendezvous(2);
        var erasures = Enumerable.Range(0, 2).Select(_ =>
        {
            var (eraser, _) = Store(options, AfterPartitionRead(lead.LeadId, () => bothRead.ArriveAsync()));
            return eraser.Erasure.EraseLeadAsync(lead.LeadId);
        });

        await Task.WhenAll(erasures);

        await AssertNothingLeftAsync(store, options, lead.LeadId);
    }

    [Theory]
    [InlineData(HoldPoint.BeforeItReadsTheLead)]
    [InlineData(HoldPoint.AfterItReadThePartition)]
    [InlineData(HoldPoint.BeforeItDeletesTheLastRow)]
    public async Task Writes_racing_an_erasure_are_erased_or_refused_and_nothing_survives(HoldPoint point)
    {
        var options = NewTables();
        var (store, _) = Store(options);
        var lead = await LeadWithEverythingAsync(store);

        // Every writer read what it needs before the erasure began, as a request in flight would have.
        var read = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        var handoff = (await store.Outbox.GetHandoffAsync(lead.LeadId, SalesHandoff.IdFor(Now)))!;
        var outcomes = new List<string>();
        Lead? captured = null;
        async Task WriteAllAsync()
        {
            outcomes.Add($"score saved {await store.Scores.TrySaveScoreAsync(read, Moved(read, LeadStage.Won), null, Now.AddMinutes(6))}");
            outcomes.Add($"action {await store.SalesActions.TrySaveSalesActionAsync(read, Moved(read, LeadStage.Lost), new SalesStatusReceipt("crm-late"), Now.AddMinutes(7))}");
            var claim = handoff with { Status = HandoffStatus.Sending, Attempts = 1, NextAttemptAt = Now.AddMinutes(15) };
            var claimed = await store.Outbox.TryUpdateHandoffAsync(claim);
            outcomes.Add($"hand-off claimed {claimed is not null}");
            var sent = (claimed ?? claim) with
            {
                Status = HandoffStatus.Sent,
                SentAt = Now.AddMinutes(8),
                Reminder = new HandoffReminder { DueAt = Now.AddHours(24) },
            };
            var recorded = await store.Outbox.TryRecordHandoffSentAsync(sent);
            outcomes.Add($"sent recorded {recorded is not null}");
            var reminding = (recorded ?? sent) with { Reminder = sent.Reminder with { Status = ReminderStatus.Sending, Attempts = 1 } };
            outcomes.Add($"reminder claimed {await store.Outbox.TryUpdateReminderAsync(reminding) is not null}");
            try
            {
                var appended = await store.Leads.AppendEventsAsync(lead.LeadId, [Stored("late", Now.AddMinutes(5))]);
                outcomes.Add($"append stored {appended.Stored}");
            }
            catch (LeadNotFoundException)
            {
                outcomes.Add("append refused");
            }

            (captured, var created) = await store.Leads.GetOrCreateLeadAsync(lead.Profile, LeadAttribution.None, [Stored("form", Now)]);
            outcomes.Add($"capture created {created}");
        }

        var gate = point switch
        {
            HoldPoint.BeforeItReadsTheLead => new RequestGate(
                message => RequestGate.IsTable(message, "Leads")
                    && message.Request.Uri.ToString().Contains(lead.LeadId, StringComparison.Ordinal),
                WriteAllAsync,
                afterResponse: false),
            HoldPoint.AfterItReadThePartition => AfterPartitionRead(lead.LeadId, WriteAllAsync),
            _ => new RequestGate(
                message => message.Request.Method == RequestMethod.Delete
                    && RequestGate.IsTable(message, "Leads")
                    && message.Request.Uri.Path.Contains($"PartitionKey='{lead.LeadId}'", StringComparison.Ordinal)
                    && (message.Request.Uri.Path.Contains("RowKey='lead'", StringComparison.Ordinal)
                        || message.Request.Uri.Path.Contains("RowKey='erasing'", StringComparison.Ordinal)),
                WriteAllAsync,
                afterResponse: false),
        };
        var (eraser, _) = Store(options, gate);

        await eraser.Erasure.EraseLeadAsync(lead.LeadId);

        Assert.True(gate.Held, "the erasure passed the point where the writers act");
        string[] expected = point == HoldPoint.BeforeItReadsTheLead
            ?
            [
                "score saved True", "action Changed", "hand-off claimed True", "sent recorded True", "reminder claimed True",
                "append stored 1", "capture created False",
            ]
            :
            [
                "score saved False", "action NotFound", "hand-off claimed False", "sent recorded False", "reminder claimed False",
                "append refused", "capture created True",
            ];
        Assert.Equal(expected, outcomes);
        await AssertNothingLeftAsync(store, options, lead.LeadId);
        Assert.False(await store.SalesActions.IsSalesStatusRecordedAsync(lead.LeadId, "crm-late"));
        if (captured!.LeadId != lead.LeadId)
        {
            // A capture that came while the lead was being erased made a new lead, as a new contact would; it is intact.
            Assert.Equal(captured.LeadId, (await store.Leads.FindLeadByEmailAsync(lead.Profile.Email))?.LeadId);
            Assert.Single((await store.Scores.GetScoringStateAsync(captured.LeadId))!.Events);
        }
    }

    [Fact]
    public async Task A_capture_that_found_the_lead_being_created_never_brings_it_back_after_its_erasure()
    {
        var options = NewTables();
        var (store, clock) = Store(options);
        await store.Tables.EnsureTablesAsync();
        var service = azurite.CreateTableServiceClient();
        var profile = new LeadProfile { Email = $"fay.{Guid.NewGuid():N}@northwind.example" };
        var leadId = Lead.NewLeadId(clock);

        // Another capture's creation is in flight: it claimed the email for leadId and has not written the lead yet.
        await service.GetTableClient(options.Value.EmailIndexTable)
            .AddEntityAsync(new TableEntity(LeadKeys.EmailKey(profile.Email), string.Empty) { ["LeadId"] = leadId });

        // This capture reads the claim, finds no lead and no erasure, and is held there. Meanwhile the other capture
        // writes the lead, and the lead is erased (its id was answered to a caller, who asked for its erasure).
        async Task CreatedAndErasedAsync()
        {
            var lead = new Lead { LeadId = leadId, Profile = profile, CreatedAt = Now, UpdatedAt = Now };
            await service.GetTableClient(options.Value.LeadsTable).AddEntityAsync(LeadEntityMapper.LeadEntity(lead));
            await store.Erasure.EraseLeadAsync(leadId);
        }

        var gate = new RequestGate(
            message => message.Request.Method == RequestMethod.Get
                && message.Request.Uri.Path.Contains($"PartitionKey='{leadId}',RowKey='erasing'", StringComparison.Ordinal),
            CreatedAndErasedAsync,
            afterResponse: true);
        var (capturing, _) = Store(options, gate);

        var (captured, created) = await capturing.Leads.GetOrCreateLeadAsync(profile, LeadAttribution.None, [Stored("form", Now)]);

        Assert.True(gate.Held, "the capture checked for an erasure before the lead was erased");
        Assert.True(created);
        Assert.NotEqual(leadId, captured.LeadId);
        await AssertNothingLeftAsync(store, options, leadId);
        Assert.Equal(captured.LeadId, (await store.Leads.FindLeadByEmailAsync(profile.Email))?.LeadId);
        Assert.Single((await store.Scores.GetScoringStateAsync(captured.LeadId))!.Events);
    }

    /// <summary>A lead with events (three batches' worth), a score, a pending hand-off and a sales status receipt.</summary>
    private static async Task<Lead> LeadWithEverythingAsync(TableLeadPorts store)
    {
        var profile = new LeadProfile { Email = $"erin.{Guid.NewGuid():N}@northwind.example", JobTitle = "CTO" };
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(profile, LeadAttribution.None);
        await store.Leads.AppendEventsAsync(lead.LeadId, [.. Enumerable.Range(0, 250).Select(i => Stored($"e{i}", Now.AddMinutes(-i)))]);
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(Now),
            LeadId = lead.LeadId,
            QualifiedAt = Now,
            NextAttemptAt = Now,
        };
        var scored = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.True(await store.Scores.TrySaveScoreAsync(scored, Score(LeadStage.SQL) with { DecayReviewDueAt = Now.AddDays(3) }, handoff, Now));
        var sql = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.Equal(SalesSaveResult.Saved, await store.SalesActions.TrySaveSalesActionAsync(sql, Moved(sql, LeadStage.SAL), new SalesStatusReceipt("crm-1"), Now));
        return (await store.Leads.GetLeadAsync(lead.LeadId))!;
    }

    /// <summary>No row of the lead in any table: its partition, the stage, review, hand-off, email and funnel index rows.</summary>
    private async Task AssertNothingLeftAsync(TableLeadPorts store, IOptions<StorageOptions> options, string leadId)
    {
        var left = new List<string>();
        var service = azurite.CreateTableServiceClient();
        foreach (var table in options.Value.AllTables)
        {
            await foreach (var row in service.GetTableClient(table).QueryAsync<TableEntity>())
            {
                var mentions = row.PartitionKey == leadId
                    || row.RowKey.StartsWith(leadId, StringComparison.Ordinal)
                    || row.RowKey.Contains("|" + leadId + "|", StringComparison.Ordinal)
                    || row.GetString("LeadId") == leadId;
                var counted = row.RowKey.StartsWith("~applied|", StringComparison.Ordinal); // the funnel keeps its markers
                if (mentions && !counted)
                {
                    left.Add($"{table}: {row.PartitionKey} / {row.RowKey}");
                }
            }
        }

        Assert.Empty(left);
        Assert.Null(await store.Leads.GetLeadAsync(leadId));
        Assert.Null(await store.Scores.GetScoringStateAsync(leadId));
    }

    private static RequestGate AfterPartitionRead(string leadId, Func<Task> hold) => new(
        message => message.Request.Method == RequestMethod.Get
            && RequestGate.IsTable(message, "Leads")
            && RequestGate.Query(message).Contains($"PartitionKey eq '{leadId}'", StringComparison.Ordinal),
        hold,
        afterResponse: true);

    private static IOptions<StorageOptions> NewTables() =>
        Options.Create(new StorageOptions { TablePrefix = "r" + Guid.NewGuid().ToString("N")[..12] });

    private (TableLeadPorts Store, FakeTimeProvider Clock) Store(IOptions<StorageOptions> options, RequestGate? gate = null)
    {
        var clientOptions = new TableClientOptions();
        if (gate is not null)
        {
            clientOptions.AddPolicy(gate, HttpPipelinePosition.PerCall);
        }

        var service = new TableServiceClient(azurite.ConnectionString, clientOptions);
        var clock = new FakeTimeProvider(Now);
        var store = new TableLeadPorts(service, options, clock);
        return (store, clock);
    }

    private static StoredEvent Stored(string id, DateTimeOffset at) =>
        new("api", new EngagementEvent { EventId = id, Type = "Page Viewed", OccurredAt = at });

    private static StoredScore Moved(Lead lead, LeadStage to) => lead.Score! with
    {
        Stage = to,
        StageHistory = [.. lead.Score!.StageHistory, new StageChange(lead.Stage, to, Now.AddMinutes(1), "test")],
    };

    private static StoredScore Score(LeadStage stage) => new()
    {
        FitScore = 50,
        EngagementScore = 60,
        Grade = "A",
        Stage = stage,
        IsPql = false,
        Bant = default,
        StageHistory = [new StageChange(LeadStage.Lead, stage, Now, "test")],
        Breakdown = [new RuleContribution(ScoreKind.Engagement, "demo", "Demo", 1, 60, null)],
        RecentEvents = [],
        ModelVersion = "test",
        ScoredAt = Now,
        EventCount = 250,
    };
}
