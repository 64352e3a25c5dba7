using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using static LeadFunctions.Infrastructure.Tests.Storage.LeadStorageTestData;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The score store's table adapter (<see cref="TableLeadScoreStore"/>) on Azurite: scores saved under the lead's ETag with their hand-off.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableLeadScoreStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_stale_etag_never_overwrites_a_newer_score()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var read = (await store.Scores.GetScoringStateAsync(lead.LeadId))!.Lead;

        Assert.True(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.MQL, 30, clock.GetUtcNow()), null, clock.GetUtcNow()));
        Assert.False(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.Lead, 5, clock.GetUtcNow()), null, clock.GetUtcNow()));

        var stored = await store.Leads.GetLeadAsync(lead.LeadId);
        Assert.Equal(LeadStage.MQL, stored!.Stage);
        Assert.Equal(30, stored.Score!.EngagementScore);
    }

    [Fact]
    public async Task Appending_events_invalidates_a_score_computed_before_them()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var read = (await store.Scores.GetScoringStateAsync(lead.LeadId))!.Lead;

        await store.Leads.AppendEventsAsync(lead.LeadId, [Stored("api", "late", Stores.Start)]);

        Assert.False(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.MQL, 30, clock.GetUtcNow()), null, clock.GetUtcNow()));
    }

    [Fact]
    public async Task A_move_into_sql_writes_one_hand_off_with_the_score()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var read = (await store.Scores.GetScoringStateAsync(lead.LeadId))!.Lead;
        var now = clock.GetUtcNow();
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = lead.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };

        Assert.True(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.SQL, 60, now), handoff, now));
        Assert.False(await store.Scores.TrySaveScoreAsync(read, Score(LeadStage.SQL, 60, now), handoff, now));

        var due = await store.Outbox.GetDueHandoffsAsync(now, 10);
        var single = Assert.Single(due);
        Assert.Equal(handoff.HandoffId, single.HandoffId);
        var (sqlLeads, _) = await store.Leads.ListLeadsByStageAsync(LeadStage.SQL, null, 10);
        Assert.Equal(lead.LeadId, Assert.Single(sqlLeads).LeadId);
    }

    [Fact]
    public async Task A_large_score_explanation_round_trips()
    {
        var (store, clock) = Stores.Create(azurite);
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(Profile, LeadAttribution.None);
        var now = clock.GetUtcNow();
        var big = Score(LeadStage.MQL, 30, now) with
        {
            Breakdown =
            [
                .. Enumerable.Range(0, 600).Select(i => new RuleContribution(
                    ScoreKind.Engagement, $"rule-{i}-{new string('x', 60)}", $"Rule number {i}", i, 0.05m, null)),
            ],
        };

        Assert.True(await store.Scores.TrySaveScoreAsync(lead, big, null, now));

        var stored = await store.Leads.GetLeadAsync(lead.LeadId);
        Assert.Equal(big.Breakdown, stored!.Score!.Breakdown);
    }
}
