using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class KnownOutcomesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reads_the_won_then_the_lost_then_the_disqualified_leads_page_by_page_each_once()
    {
        var store = new InMemoryLeadTables();
        var seeded = new Dictionary<string, LeadStage>();
        foreach (var (stage, count) in new[] { (LeadStage.Won, 3), (LeadStage.Lost, 4), (LeadStage.Disqualified, 2) })
        {
            for (var i = 0; i < count; i++)
            {
                seeded[OutcomeLeads.Seed(store, Profile(), stage, Now.AddDays(-i), []).LeadId] = stage;
            }
        }

        OutcomeLeads.Seed(store, Profile(), LeadStage.SQL, Now, []); // no outcome yet: never read
        var pages = new List<KnownOutcomePage>();
        await foreach (var page in new KnownOutcomes(store.Leads, store.Scores).ReadAllAsync(pageSize: 2))
        {
            pages.Add(page);
        }

        var read = pages.SelectMany(page => page.Outcomes).ToArray();
        Assert.Equal(seeded.OrderBy(p => p.Key), read.Select(o => KeyValuePair.Create(o.LeadId, o.Outcome)).OrderBy(p => p.Key));
        Assert.Equal([LeadStage.Won, LeadStage.Lost, LeadStage.Disqualified], read.Select(o => o.Outcome).Distinct());
        Assert.All(pages.Take(pages.Count - 1), page => Assert.NotNull(page.Next));
        Assert.Null(pages[^1].Next);
    }

    [Fact]
    public async Task A_rescore_keeps_the_outcome_snapshot_and_a_page_of_snapshots_reads_no_lead()
    {
        var clock = new FakeTimeProvider(Now);
        var store = new InMemoryLeadTables(clock);
        var won = OutcomeLeads.Seed(store, Profile(), LeadStage.Won, Now.AddDays(-1), [Event("pricing", Now.AddDays(-2))]);
        var lost = OutcomeLeads.Seed(store, Profile(), LeadStage.Lost, Now.AddDays(-1), []);
        var rescoring = new LeadRescoringService(
            store.Scores,
            store.DecayReviews,
            new LeadScorer(ScoringModel.Default, clock),
            clock,
            NullLogger<LeadRescoringService>.Instance);
        await rescoring.RescoreAsync(won.LeadId);
        await rescoring.RescoreAsync(lost.LeadId);

        var snapshots = (await store.Scores.ListOutcomeSnapshotsAsync(LeadStage.Won, null, 10)).Entries;
        var reads = store.LeadReads;
        var page = await new KnownOutcomes(store.Leads, store.Scores).ReadPageAsync(OutcomeCursor.First, pageSize: 10);

        Assert.Equal(won.LeadId, Assert.Single(snapshots).LeadId);
        Assert.Equal(["pricing"], snapshots[0].Outcome!.Events.Select(e => e.EventId));
        Assert.Equal(won.LeadId, Assert.Single(page.Outcomes).LeadId);
        Assert.Equal(reads, store.LeadReads);
    }

    [Fact]
    public void The_outcome_time_is_the_last_move_into_the_outcome_stage()
    {
        var store = new InMemoryLeadTables();
        var lead = OutcomeLeads.Seed(store, Profile(), LeadStage.Won, Now.AddDays(-3), []);
        var reopened = lead with
        {
            Score = lead.Score! with
            {
                StageHistory =
                [
                    new StageChange(LeadStage.SQL, LeadStage.Won, Now.AddDays(-30), "won"),
                    new StageChange(LeadStage.Won, LeadStage.SAL, Now.AddDays(-20), "reopened"),
                    new StageChange(LeadStage.SAL, LeadStage.Won, Now.AddDays(-3), "won again"),
                ],
            },
        };

        var outcome = KnownOutcomes.OutcomeOf(new LeadScoringState(reopened, []));

        Assert.Equal(Now.AddDays(-3), outcome!.OutcomeAt);
        Assert.True(outcome.IsWon);
    }

    [Fact]
    public void A_lead_without_a_recorded_move_into_its_outcome_has_no_known_outcome()
    {
        var lead = OutcomeLeads.Seed(new InMemoryLeadTables(), Profile(), LeadStage.Lost, Now, []);
        var unrecorded = lead with { Score = lead.Score! with { StageHistory = [] } };

        Assert.Null(KnownOutcomes.OutcomeOf(new LeadScoringState(unrecorded, [])));
    }

    [Fact]
    public void Events_until_a_time_leave_out_the_later_ones()
    {
        EngagementEvent[] events = [Event("a", Now.AddDays(-2)), Event("b", Now.AddDays(-1)), Event("c", Now.AddDays(1))];
        var lead = OutcomeLeads.Seed(new InMemoryLeadTables(), Profile(), LeadStage.Won, Now, []);
        var outcome = KnownOutcome.Of(new LeadScoringState(lead, events), LeadStage.Won, Now);

        Assert.Equal(["a", "b"], outcome.EventsUntil(Now).Select(e => e.EventId));
        Assert.Same(events, outcome.EventsUntil(Now.AddDays(2)));
        Assert.Empty(outcome.EventsUntil(Now.AddDays(-3)));
    }

    private static LeadProfile Profile() => new() { Email = Guid.NewGuid().ToString("N") + "@example.org" };

    private static EngagementEvent Event(string id, DateTimeOffset at) => new() { EventId = id, Type = "Page Viewed", OccurredAt = at };
}
