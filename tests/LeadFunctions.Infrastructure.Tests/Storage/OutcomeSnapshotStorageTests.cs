using System.Security.Cryptography;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// Outcome snapshots on the stage index rows (<see cref="TableLeadScoreStore.SaveOutcomeSnapshotAsync"/>): a page of
/// outcomes is one query, and reads back exactly what a read of each lead gives; on Azurite.
/// </summary>
[Collection(LeadStoreCollection.Name)]
public sealed class OutcomeSnapshotStorageTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = Stores.Start;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private readonly RequestCounter _gets = new(message => message.Request.Method == RequestMethod.Get);

    [Fact]
    public async Task A_page_of_rescored_outcomes_is_one_query_and_reads_as_each_lead_reads()
    {
        var (store, clock) = Create();
        var won = await DecidedLeadAsync(store, clock, "won", LeadStage.Won);
        var alsoWon = await DecidedLeadAsync(store, clock, "also-won", LeadStage.Won);

        var before = _gets.Count;
        var page = await new KnownOutcomes(store.Leads, store.Scores).ReadPageAsync(OutcomeCursor.First, pageSize: 10);

        Assert.Equal(1, _gets.Count - before);
        Assert.Equal([.. new[] { won, alsoWon }.Order(StringComparer.Ordinal)], [.. page.Outcomes.Select(o => o.LeadId).Order(StringComparer.Ordinal)]);
        foreach (var outcome in page.Outcomes)
        {
            var read = (await store.Scores.GetScoringStateAsync(outcome.LeadId))!;
            Assert.Equal(Serialize(KnownOutcomes.OutcomeOf(read)!), Serialize(outcome));
            Assert.Equal(KnownOutcomes.OutcomeOf(read)!.OutcomeAt, outcome.OutcomeAt);
        }
    }

    [Fact]
    public async Task A_row_without_a_snapshot_costs_a_read_of_its_lead_and_gives_the_same_outcome()
    {
        var (store, clock) = Create();
        var snapshotted = await DecidedLeadAsync(store, clock, "rescored", LeadStage.Lost);
        var notYet = await DecidedLeadAsync(store, clock, "not-rescored", LeadStage.Lost, rescore: false);

        var before = _gets.Count;
        var page = await new KnownOutcomes(store.Leads, store.Scores).ReadPageAsync(new OutcomeCursor(LeadStage.Lost, null), 10);

        Assert.Equal(2, _gets.Count - before);
        Assert.Equal(
            new[] { snapshotted, notYet }.Order(StringComparer.Ordinal),
            page.Outcomes.Select(o => o.LeadId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_snapshot_never_brings_back_the_row_of_a_stage_the_lead_left()
    {
        var (store, clock) = Create();
        var leadId = await DecidedLeadAsync(store, clock, "recycled", LeadStage.Lost);
        var lost = (await store.Scores.GetScoringStateAsync(leadId))!;
        var recycled = lost.Lead.Score! with
        {
            Stage = LeadStage.Recycled,
            StageHistory = [.. lost.Lead.Score!.StageHistory, new StageChange(LeadStage.Lost, LeadStage.Recycled, Now.AddDays(3), "sales")],
        };
        Assert.Equal(SalesSaveResult.Saved, await store.SalesActions.TrySaveSalesActionAsync(lost.Lead, recycled, null, Now.AddDays(3)));

        // A rescore that read the lead while it was still Lost saves its snapshot late.
        await store.Scores.SaveOutcomeSnapshotAsync(lost);

        Assert.Empty((await store.Scores.ListOutcomeSnapshotsAsync(LeadStage.Lost, null, 10)).Entries);
    }

    [Fact]
    public async Task A_snapshot_too_large_for_a_row_is_not_kept_and_the_lead_is_read_instead()
    {
        var (store, clock) = Create();
        var leadId = await DecidedLeadAsync(store, clock, "large", LeadStage.Won, rescore: false);

        // 50 events of 30,000 random characters: about 1.1 MB after compression, over the 640 KiB a row holds.
        foreach (var batch in LargeEvents(50).Chunk(10))
        {
            await store.Leads.AppendEventsAsync(leadId, batch);
        }

        await Rescoring(store, clock).RescoreAsync(leadId);

        var entry = Assert.Single((await store.Scores.ListOutcomeSnapshotsAsync(LeadStage.Won, null, 10)).Entries);
        Assert.Null(entry.Outcome);
        var outcome = Assert.Single((await new KnownOutcomes(store.Leads, store.Scores).ReadPageAsync(OutcomeCursor.First, 10)).Outcomes);
        Assert.Equal(52, outcome.Events.Count);
        Assert.NotNull(Assert.Single((await store.Leads.ListStageEntriesAsync(LeadStage.Won, null, 10)).Entries).EnteredAt);
    }

    [Fact]
    public async Task A_snapshot_of_nine_columns_is_kept_within_what_the_service_accepts()
    {
        var (store, clock) = Create();
        var leadId = await DecidedLeadAsync(store, clock, "near-limit", LeadStage.Won, rescore: false);

        // 26 events of 30,000 random characters: about 590 KB after compression, nine or ten columns of 64 KiB.
        foreach (var batch in LargeEvents(26).Chunk(10))
        {
            await store.Leads.AppendEventsAsync(leadId, batch);
        }

        await Rescoring(store, clock).RescoreAsync(leadId);

        var entry = Assert.Single((await store.Scores.ListOutcomeSnapshotsAsync(LeadStage.Won, null, 10)).Entries);
        Assert.Equal(28, entry.Outcome!.Events.Count);
    }

    /// <summary>
    /// A page larger than a query is read as queries of 100, each from where the last stopped: every row once, in the
    /// index's order, however the page sizes cut the stage, with the continuation where the page stopped.
    /// </summary>
    [Theory]
    [InlineData(1_000, 3)]
    [InlineData(150, 2)]
    [InlineData(100, 1)]
    [InlineData(7, 1)]
    public async Task A_page_of_many_queries_reads_every_row_once_in_order(int pageSize, int firstPageQueries)
    {
        const int Rows = 250;
        var (store, _) = Create();
        var stages = await SeedSnapshotRowsAsync(store, Rows);

        var before = _gets.Count;
        var first = await store.Scores.ListOutcomeSnapshotsAsync(LeadStage.Won, null, pageSize);
        Assert.Equal(firstPageQueries, _gets.Count - before);

        var read = new List<OutcomeSnapshot>(first.Entries);
        for (var token = first.ContinuationToken; token is not null;)
        {
            var page = await store.Scores.ListOutcomeSnapshotsAsync(LeadStage.Won, token, pageSize);
            Assert.InRange(page.Entries.Count, 1, pageSize);
            read.AddRange(page.Entries);
            token = page.ContinuationToken;
        }

        Assert.Equal(Math.Min(pageSize, Rows), first.Entries.Count);
        Assert.Equal<string>(stages, [.. read.Select(entry => entry.LeadId)]);
        Assert.All(read, entry => Assert.Equal(entry.LeadId, entry.Outcome!.LeadId));
    }

    /// <summary>
    /// <paramref name="count"/> Won index rows with their snapshots, written as the score store writes them (a lead and
    /// one event each), straight into the store's stage index; their lead ids in the index's order.
    /// </summary>
    private static async Task<string[]> SeedSnapshotRowsAsync(TableLeadPorts store, int count)
    {
        await store.Scores.ListOutcomeSnapshotsAsync(LeadStage.Won, null, 1); // creates the tables
        var ids = Enumerable.Range(0, count).Select(n => n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var rows = ids.Select(id =>
        {
            var lead = new Lead
            {
                LeadId = id,
                Profile = new LeadProfile { Email = id + "@northwind.example" },
                CreatedAt = Now,
                UpdatedAt = Now,
                Score = LeadStorageTestData.SqlScore(Now) with
                {
                    Stage = LeadStage.Won,
                    StageHistory = [new StageChange(LeadStage.SQL, LeadStage.Won, Now, "sales")],
                    Breakdown = [],
                },
            };
            var row = new TableEntity(nameof(LeadStage.Won), id);
            var state = new LeadScoringState(lead, [new EngagementEvent { EventId = "e-" + id, Type = "Page Viewed", OccurredAt = Now }]);
            OutcomeSnapshotCodec.TryWrite(KnownOutcomes.OutcomeOf(state)!, row);
            return row;
        });
        var table = store.Tables.Stages;
        foreach (var batch in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)));
        }

        return ids;
    }

    private static StoredEvent[] LargeEvents(int count) => [.. Enumerable.Range(0, count).Select(n => new StoredEvent("test", new EngagementEvent
    {
        EventId = "big-" + n,
        Type = "Page Viewed",
        OccurredAt = Now.AddHours(-n),
        Properties = new Dictionary<string, string> { ["path"] = "/" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 30_000) },
    }))];

    private (TableLeadPorts Store, FakeTimeProvider Clock) Create()
    {
        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(_gets, HttpPipelinePosition.PerCall);
        var options = Options.Create(new StorageOptions { TablePrefix = "s" + Guid.NewGuid().ToString("N")[..12] });
        var clock = new FakeTimeProvider(Now);
        return (new TableLeadPorts(new TableServiceClient(azurite.ConnectionString, clientOptions), options, clock), clock);
    }

    private static LeadRescoringService Rescoring(TableLeadPorts store, TimeProvider clock) => new(
        store.Scores, store.DecayReviews, new LeadScorer(ScoringModel.Default, clock), clock, NullLogger<LeadRescoringService>.Instance);

    /// <summary>A lead with a profile, attribution and events, scored, then decided by sales (and rescored, as the app does).</summary>
    private static async Task<string> DecidedLeadAsync(
        TableLeadPorts store,
        FakeTimeProvider clock,
        string name,
        LeadStage outcome,
        bool rescore = true)
    {
        var profile = new LeadProfile { Email = $"{name}.{Guid.NewGuid():N}@northwind.example", JobTitle = "CTO", CompanySize = 300, Country = "DE" };
        var attribution = new LeadAttribution { UtmSource = "reference", FormId = "demo" };
        StoredEvent[] first =
        [
            new("web", new EngagementEvent
            {
                EventId = name + "-pricing",
                Type = "Page Viewed",
                OccurredAt = Now.AddDays(-2),
                Properties = new Dictionary<string, string> { ["path"] = "/pricing" },
            }),
            new("web", new EngagementEvent { EventId = name + "-demo", Type = "Demo Requested", OccurredAt = Now.AddDays(-1) }),
        ];
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(profile, attribution, first);
        await Rescoring(store, clock).RescoreAsync(lead.LeadId);
        var scored = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        var decided = scored.Score! with
        {
            Stage = outcome,
            StageHistory = [.. scored.Score!.StageHistory, new StageChange(scored.Stage, outcome, Now.AddDays(1), "sales")],
        };
        Assert.Equal(SalesSaveResult.Saved, await store.SalesActions.TrySaveSalesActionAsync(scored, decided, null, Now.AddDays(1)));
        if (rescore)
        {
            clock.Advance(TimeSpan.FromDays(1));
            await Rescoring(store, clock).RescoreAsync(lead.LeadId);
        }

        return lead.LeadId;
    }

    private static string Serialize(KnownOutcome outcome) => JsonSerializer.Serialize(outcome, Json);
}
