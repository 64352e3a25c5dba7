using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Reporting;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// The funnel's counters on Azurite: every stage entry counts exactly once through retried saves, repeated applies, a
/// crash between the lead's save and the counting (finished by the timer's recovery), concurrent saves and erasure.
/// </summary>
[Collection(LeadStoreCollection.Name)]
public sealed class FunnelStorageTests(AzuriteFixture azurite)
{
    private static readonly DateOnly Day = FunnelCounter.DayOf(Stores.Start);
    private static readonly DateTimeOffset Qualified = Stores.Start.AddDays(2);

    [Fact]
    public async Task A_stage_change_saved_twice_or_retried_counts_once()
    {
        var (store, funnel, options) = Create();
        var lead = await NewLeadAsync(store, "ada@example.org");
        var mql = Score(Move(LeadStage.Lead, LeadStage.MQL, Qualified));

        Assert.True(await store.Scores.TrySaveScoreAsync(lead, mql, null, Qualified));
        Assert.False(await store.Scores.TrySaveScoreAsync(lead, mql, null, Qualified), "the second save read a stale lead");
        var saved = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.True(await store.Scores.TrySaveScoreAsync(saved, mql, null, Qualified.AddHours(1)), "a redelivered rescore saves again");

        Assert.Equal((1, 1), (await EnteredAsync(funnel, LeadStage.Lead, Day), await EnteredAsync(funnel, LeadStage.MQL, Day.AddDays(2))));
        Assert.Equal(0, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Empty(await PendingRowsAsync(options));
    }

    [Fact]
    public async Task Applying_the_same_entries_again_changes_no_counter()
    {
        var (store, funnel, _) = Create();
        var lead = await NewLeadAsync(store, "bo@example.org");
        var entries = FunnelEntries.Between(lead, lead with { Score = Score(Move(LeadStage.Lead, LeadStage.MQL, Qualified)) });

        await funnel.ApplyAsync(entries, CancellationToken.None);
        await funnel.ApplyAsync(entries, CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => funnel.ApplyAsync(entries, CancellationToken.None)));

        Assert.Equal(1, await EnteredAsync(funnel, LeadStage.MQL, Day.AddDays(2)));
        Assert.Single(await funnel.ReadAsync(FunnelCounterKind.Days, Day, Day.AddDays(2)));
    }

    [Fact]
    public async Task A_crash_after_the_leads_save_is_counted_once_by_the_recovery()
    {
        var (store, funnel, options) = Create();
        var lead = await NewLeadAsync(store, "cy@example.org");

        await SaveWithoutCountingAsync(funnel, options, lead, Score(Move(LeadStage.Lead, LeadStage.MQL, Qualified)));

        Assert.Equal(0, await EnteredAsync(funnel, LeadStage.MQL, Day.AddDays(2)));
        Assert.Equal(LeadStage.MQL, (await store.Leads.GetLeadAsync(lead.LeadId))!.Stage);
        Assert.Equal(2, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow));
        Assert.Equal(0, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal((1, 1), (await EnteredAsync(funnel, LeadStage.Lead, Day), await EnteredAsync(funnel, LeadStage.MQL, Day.AddDays(2))));
        Assert.Empty(await PendingRowsAsync(options));
        Assert.Empty(await JournalRowsAsync(options, lead.LeadId));
    }

    [Fact]
    public async Task Machine_events_count_by_their_amount_once_through_a_crash_and_its_recovery()
    {
        var (store, funnel, options) = Create();
        var lead = await NewLeadAsync(store, "mx@example.org");
        var scanned = Score(Move(LeadStage.Lead, LeadStage.MQL, Qualified)) with
        {
            IgnoredEvents =
            [
                new IgnoredEventGroup("Email Link Clicked", "after-delivery", "clicked within 10 s of delivery (mail scanner)", 3),
                new IgnoredEventGroup("Email Opened", "apple-mpp", "opened by Apple Mail Privacy Protection on delivery (sg_machine_open)", 2),
            ],
        };

        await SaveWithoutCountingAsync(funnel, options, lead, scanned);
        Assert.Equal(4, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow)); // Lead, MQL, two machine rules
        Assert.Equal(0, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow.AddHours(1)));
        var saved = (await store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.Equal(3, saved.Score!.IgnoredEvents[0].Count); // stored with the lead, read back
        var more = scanned with { ScoredAt = Qualified.AddDays(1), IgnoredEvents = [scanned.IgnoredEvents[0] with { Count = 4 }, scanned.IgnoredEvents[1]] };
        Assert.True(await store.Scores.TrySaveScoreAsync(saved, more, null, Qualified.AddDays(1)));

        var counts = await funnel.ReadAsync(FunnelCounterKind.MachineEvents, Day, Day.AddDays(3));
        Assert.Equal(
            [("after-delivery", Day.AddDays(2), 3L), ("after-delivery", Day.AddDays(3), 1L), ("apple-mpp", Day.AddDays(2), 2L)],
            counts.Select(count => (count.Counter.Group!, count.Counter.Day, count.Count)).Order());
        Assert.Empty(await PendingRowsAsync(options));
        Assert.Empty(await JournalRowsAsync(options, lead.LeadId));
    }

    [Fact]
    public async Task A_pending_entry_whose_save_never_happened_is_dropped_when_stale_and_never_counted()
    {
        var (store, funnel, options) = Create();
        var lead = await NewLeadAsync(store, "di@example.org");
        var mql = lead with { Score = Score(Move(LeadStage.Lead, LeadStage.MQL, Qualified)) };
        await funnel.PrepareAsync(lead, mql, CancellationToken.None);

        Assert.Equal(0, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow));
        Assert.Equal(2, (await PendingRowsAsync(options)).Count);
        Assert.Equal(0, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow + LeadTables.StaleAfter + TimeSpan.FromMinutes(1)));

        Assert.Empty(await PendingRowsAsync(options));
        Assert.Equal(0, await EnteredAsync(funnel, LeadStage.Lead, Day));
    }

    [Fact]
    public async Task Erasing_a_lead_keeps_its_counts_and_removes_its_journal()
    {
        var (store, funnel, options) = Create();
        var lead = await NewLeadAsync(store, "ed@example.org");
        await SaveWithoutCountingAsync(funnel, options, lead, Score(Move(LeadStage.Lead, LeadStage.MQL, Qualified)));

        await store.Erasure.EraseLeadAsync(lead.LeadId);

        Assert.Null(await store.Leads.GetLeadAsync(lead.LeadId));
        Assert.Empty(await JournalRowsAsync(options, lead.LeadId));
        Assert.Empty(await PendingRowsAsync(options));
        Assert.Equal(1, await EnteredAsync(funnel, LeadStage.MQL, Day.AddDays(2)));
    }

    [Fact]
    public async Task Concurrent_saves_into_one_day_all_count()
    {
        var (store, funnel, _) = Create();
        var leads = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => NewLeadAsync(store, $"lead{i}@example.org")));

        var mql = Score(Move(LeadStage.Lead, LeadStage.MQL, Qualified));
        var saved = await Task.WhenAll(leads.Select(lead => store.Scores.TrySaveScoreAsync(lead, mql, null, Qualified)));

        Assert.All(saved, Assert.True);
        Assert.Equal(12, await EnteredAsync(funnel, LeadStage.MQL, Day.AddDays(2)));
        var campaigns = await funnel.ReadAsync(FunnelCounterKind.Campaign, Day, Day.AddDays(2));
        Assert.Equal(12, campaigns.Single(count => count.Counter is { Stage: LeadStage.MQL, Group: "<b>spring</b>" }).Count);
    }

    [Fact]
    public async Task A_campaign_report_reads_only_its_months_and_names_the_50_largest_campaigns()
    {
        var requests = new ConcurrentQueue<Uri>();
        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(new RequestRecorder(requests), HttpPipelinePosition.PerCall);
        var options = Options.Create(new StorageOptions { TablePrefix = "f" + Guid.NewGuid().ToString("N")[..12] });
        var funnel = new TableFunnelStore(new TableServiceClient(azurite.ConnectionString, clientOptions), options);
        var november = new DateOnly(2026, 11, 10);
        await Task.WhenAll(Enumerable.Range(1, 60).Select(i => CountCampaignAsync(funnel, $"c{i:D2}", november, i % 7 == 0 ? 2 : 1)));
        await CountCampaignAsync(funnel, "october only", new DateOnly(2026, 10, 31), 3);
        await CountCampaignAsync(funnel, "december only", new DateOnly(2026, 12, 1), 3);
        requests.Clear();

        var query = new FunnelQuery(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), FunnelGrouping.Campaign);
        var report = await new FunnelReportService(funnel).GetAsync(query);

        var partitions = requests
            .Select(uri => Uri.UnescapeDataString(uri.Query))
            .SelectMany(filter => System.Text.RegularExpressions.Regex.Matches(filter, "m-[0-9]{6}").Select(match => match.Value))
            .Distinct(StringComparer.Ordinal);
        Assert.Equal(["m-202611"], partitions);
        Assert.Equal(51, report.Groups.Count);
        var named = report.Groups.Take(50).Select(row => row.Group).ToList();
        Assert.Equal(
            [
                .. Enumerable.Range(1, 60).Where(i => i % 7 == 0).Select(i => $"c{i:D2}"), // 2 leads each: the largest
                .. Enumerable.Range(1, 60).Where(i => i % 7 != 0).Select(i => $"c{i:D2}").Take(42), // then by name
            ],
            named);
        Assert.Equal((FunnelReportBuilder.OtherGroup, 10, 10L), (report.Groups[50].Group, report.Groups[50].OtherGroups, report.Groups[50].Entered["Lead"]));
        Assert.Equal(68, report.Groups.Sum(row => row.Entered["Lead"]));
    }

    private (TableLeadPorts Store, TableFunnelStore Funnel, IOptions<StorageOptions> Options) Create()
    {
        var options = Options.Create(new StorageOptions { TablePrefix = "f" + Guid.NewGuid().ToString("N")[..12] });
        var client = azurite.CreateTableServiceClient();
        var funnel = new TableFunnelStore(client, options);
        return (new TableLeadPorts(client, options, new FakeTimeProvider(Stores.Start), funnel: funnel), funnel, options);
    }

    /// <summary>What TrySaveScoreAsync does up to its transaction (pending rows, lead + journal rows), then a crash.</summary>
    private async Task SaveWithoutCountingAsync(TableFunnelStore funnel, IOptions<StorageOptions> options, Lead lead, StoredScore score)
    {
        var updated = lead with { Score = score };
        var entries = await funnel.PrepareAsync(lead, updated, CancellationToken.None);
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateReplace, LeadEntityMapper.LeadEntity(updated), new Azure.ETag(lead.ETag!)),
            .. TableFunnelStore.JournalActions(entries),
        ];
        await azurite.CreateTableServiceClient().GetTableClient(options.Value.LeadsTable).SubmitTransactionAsync(actions);
    }

    /// <summary>Counts <paramref name="leads"/> leads of <paramref name="campaign"/> entering Lead on <paramref name="day"/>.</summary>
    private static async Task CountCampaignAsync(TableFunnelStore funnel, string campaign, DateOnly day, int leads)
    {
        for (var i = 0; i < leads; i++)
        {
            FunnelCounter[] counters = [new(FunnelCounterKind.Campaign, day, LeadStage.Lead, campaign)];
            await funnel.RecordAsync(new FunnelEntry(Guid.NewGuid().ToString("N"), "Lead|0", counters), CancellationToken.None);
        }
    }

    private static async Task<Lead> NewLeadAsync(TableLeadPorts store, string email) =>
        (await store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = email }, new LeadAttribution { UtmCampaign = "<b>spring</b>" })).Lead;

    private static async Task<long> EnteredAsync(TableFunnelStore funnel, LeadStage stage, DateOnly day) =>
        (await funnel.ReadAsync(FunnelCounterKind.Stage, day, day)).Where(count => count.Counter.Stage == stage).Sum(count => count.Count);

    private async Task<List<TableEntity>> PendingRowsAsync(IOptions<StorageOptions> options)
    {
        var rows = new List<TableEntity>();
        var funnel = azurite.CreateTableServiceClient().GetTableClient(options.Value.FunnelTable);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {FunnelKeys.PendingPartition}");
        await foreach (var row in funnel.QueryAsync<TableEntity>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<List<TableEntity>> JournalRowsAsync(IOptions<StorageOptions> options, string leadId)
    {
        var rows = new List<TableEntity>();
        var leads = azurite.CreateTableServiceClient().GetTableClient(options.Value.LeadsTable);
        await foreach (var row in leads.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {leadId}")))
        {
            if (row.RowKey.StartsWith(FunnelKeys.JournalRowPrefix, StringComparison.Ordinal))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static StoredScore Score(params StageChange[] history) => HistoryScores.With(history, "B", Qualified);

    private static StageChange Move(LeadStage from, LeadStage to, DateTimeOffset at) => new(from, to, at, "test");

    /// <summary>Keeps the address of every request the client sends.</summary>
    private sealed class RequestRecorder(ConcurrentQueue<Uri> requests) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => requests.Enqueue(message.Request.Uri.ToUri());
    }
}
