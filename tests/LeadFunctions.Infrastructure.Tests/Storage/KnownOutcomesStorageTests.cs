using Azure.Core;
using Azure.Data.Tables;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The most recent outcomes read through the stage index (<see cref="TableLeadRepository"/>) on Azurite.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class KnownOutcomesStorageTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = Stores.Start;

    [Fact]
    public async Task The_newest_outcomes_are_chosen_from_the_index_and_only_their_leads_are_read()
    {
        var leadReads = new RequestCounter(message =>
            message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.Contains("RowKey='lead'", StringComparison.Ordinal));
        var clientOptions = new TableClientOptions();
        clientOptions.AddPolicy(leadReads, HttpPipelinePosition.PerCall);
        var options = Options.Create(new StorageOptions { TablePrefix = "k" + Guid.NewGuid().ToString("N")[..12] });
        var service = new TableServiceClient(azurite.ConnectionString, clientOptions);
        var store = new TableLeadPorts(service, options, new FakeTimeProvider(Now));
        var ids = new List<string>();
        for (var n = 0; n < 6; n++)
        {
            var profile = new LeadProfile { Email = $"o{n}.{Guid.NewGuid():N}@example.org" };
            var (lead, _) = await store.Leads.GetOrCreateLeadAsync(profile, LeadAttribution.None);
            Assert.True(await store.Scores.TrySaveScoreAsync(lead, Score(LeadStage.SQL, Now), null, Now));
            var sql = (await store.Leads.GetLeadAsync(lead.LeadId))!;

            // Outcomes decided out of creation order: the newest outcome is not the newest lead.
            var outcome = n % 2 == 0 ? LeadStage.Won : LeadStage.Lost;
            var decidedAt = Now.AddDays((n * 5) % 6);
            var decided = sql.Score! with
            {
                Stage = outcome,
                StageHistory = [.. sql.Score!.StageHistory, new StageChange(LeadStage.SQL, outcome, decidedAt, "sales")],
            };
            Assert.Equal(SalesSaveResult.Saved, await store.SalesActions.TrySaveSalesActionAsync(sql, decided, null, decidedAt));
            ids.Add(lead.LeadId);
        }

        var entries = (await store.Leads.ListStageEntriesAsync(LeadStage.Won, null, 10)).Entries;
        var before = leadReads.Count;
        var (outcomes, found) = await new KnownOutcomes(store.Leads, store.Scores).ReadMostRecentAsync(maxLeads: 2);

        Assert.Equal(3, entries.Count);
        Assert.All(entries, entry => Assert.NotNull(entry.EnteredAt));
        Assert.Equal(6, found);
        RecordedOutcome[] newest = [new(ids[1], LeadStage.Lost, Now.AddDays(5)), new(ids[2], LeadStage.Won, Now.AddDays(4))];
        Assert.Equal(newest.OrderBy(outcome => outcome.LeadId, StringComparer.Ordinal), outcomes);
        Assert.Equal(2, leadReads.Count - before);
    }

    private static StoredScore Score(LeadStage stage, DateTimeOffset at) => new()
    {
        FitScore = 50,
        EngagementScore = 60,
        Grade = "A",
        Stage = stage,
        IsPql = false,
        Bant = default,
        StageHistory = [new StageChange(LeadStage.Lead, stage, at, "test")],
        Breakdown = [new RuleContribution(ScoreKind.Engagement, "demo", "Demo", 1, 60, null)],
        RecentEvents = [],
        ModelVersion = "test",
        ScoredAt = at,
        EventCount = 1,
    };
}
