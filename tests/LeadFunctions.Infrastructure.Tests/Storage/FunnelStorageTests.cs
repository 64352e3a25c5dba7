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

        Assert.True(await store.TrySaveScoreAsync(lead, mql, null, Qualified));
        Assert.False(await store.TrySaveScoreAsync(lead, mql, null, Qualified), "the second save read a stale lead");
        var saved = (await store.GetLeadAsync(lead.LeadId))!;
        Assert.True(await store.TrySaveScoreAsync(saved, mql, null, Qualified.AddHours(1)), "a redelivered rescore saves again");

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
        Assert.Equal(LeadStage.MQL, (await store.GetLeadAsync(lead.LeadId))!.Stage);
        Assert.Equal(2, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow));
        Assert.Equal(0, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow.AddHours(1)));
        Assert.Equal((1, 1), (await EnteredAsync(funnel, LeadStage.Lead, Day), await EnteredAsync(funnel, LeadStage.MQL, Day.AddDays(2))));
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
        Assert.Equal(0, await funnel.CompletePendingAsync(DateTimeOffset.UtcNow + TableFunnelStore.StaleAfter + TimeSpan.FromMinutes(1)));

        Assert.Empty(await PendingRowsAsync(options));
        Assert.Equal(0, await EnteredAsync(funnel, LeadStage.Lead, Day));
    }

    [Fact]
    public async Task Erasing_a_lead_keeps_its_counts_and_removes_its_journal()
    {
        var (store, funnel, options) = Create();
        var lead = await NewLeadAsync(store, "ed@example.org");
        await SaveWithoutCountingAsync(funnel, options, lead, Score(Move(LeadStage.Lead, LeadStage.MQL, Qualified)));

        await store.EraseLeadAsync(lead.LeadId);

        Assert.Null(await store.GetLeadAsync(lead.LeadId));
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
        var saved = await Task.WhenAll(leads.Select(lead => store.TrySaveScoreAsync(lead, mql, null, Qualified)));

        Assert.All(saved, Assert.True);
        Assert.Equal(12, await EnteredAsync(funnel, LeadStage.MQL, Day.AddDays(2)));
        var campaigns = await funnel.ReadAsync(FunnelCounterKind.Campaign, Day, Day.AddDays(2));
        Assert.Equal(12, campaigns.Single(count => count.Counter is { Stage: LeadStage.MQL, Group: "<b>spring</b>" }).Count);
    }

    private (TableLeadStore Store, TableFunnelStore Funnel, IOptions<StorageOptions> Options) Create()
    {
        var options = Options.Create(new StorageOptions { TablePrefix = "f" + Guid.NewGuid().ToString("N")[..12] });
        var client = azurite.CreateTableServiceClient();
        var funnel = new TableFunnelStore(client, options);
        return (new TableLeadStore(client, options, new FakeTimeProvider(Stores.Start), funnel: funnel), funnel, options);
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

    private static async Task<Lead> NewLeadAsync(TableLeadStore store, string email) =>
        (await store.GetOrCreateLeadAsync(new LeadProfile { Email = email }, new LeadAttribution { UtmCampaign = "<b>spring</b>" })).Lead;

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
}
