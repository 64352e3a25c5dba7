using System.Globalization;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Testing.Leads;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class KnownOutcomesMostRecentTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly InMemoryLeadTables _store = new();

    [Fact]
    public async Task Reads_won_lost_and_disqualified_leads_as_of_their_last_move_into_that_stage()
    {
        Seed(
            1,
            new StageChange(LeadStage.Lead, LeadStage.SQL, Start.AddDays(1), "scores"),
            new StageChange(LeadStage.SQL, LeadStage.Won, Start.AddDays(9), "won"));
        Seed(
            2,
            new StageChange(LeadStage.SQL, LeadStage.Lost, Start.AddDays(2), "lost"),
            new StageChange(LeadStage.Lost, LeadStage.Recycled, Start.AddDays(3), "again"),
            new StageChange(LeadStage.Recycled, LeadStage.Lost, Start.AddDays(7), "lost again"));
        Seed(3, new StageChange(LeadStage.Lead, LeadStage.Disqualified, Start.AddDays(4), "spam"));
        Seed(4, new StageChange(LeadStage.Lead, LeadStage.SQL, Start.AddDays(5), "scores"));

        var (outcomes, found) = await new KnownOutcomes(_store.Leads, _store.Scores).ReadMostRecentAsync();

        Assert.Equal(3, found);
        Assert.Equal(
            [
                new RecordedOutcome(Id(1), LeadStage.Won, Start.AddDays(9)),
                new RecordedOutcome(Id(2), LeadStage.Lost, Start.AddDays(7)),
                new RecordedOutcome(Id(3), LeadStage.Disqualified, Start.AddDays(4)),
            ],
            outcomes);
        Assert.Equal([true, false, false], outcomes.Select(outcome => outcome.Won));
    }

    [Fact]
    public async Task Keeps_the_most_recent_outcomes_when_there_are_more_than_the_limit()
    {
        for (var n = 1; n <= 12; n++)
        {
            var stage = n % 3 == 0 ? LeadStage.Won : LeadStage.Lost;
            Seed(n, new StageChange(LeadStage.SQL, stage, Start.AddDays(n), "outcome"));
        }

        var (outcomes, found) = await new KnownOutcomes(_store.Leads, _store.Scores).ReadMostRecentAsync(maxLeads: 5);

        Assert.Equal(12, found);
        Assert.Equal([Id(8), Id(9), Id(10), Id(11), Id(12)], outcomes.Select(outcome => outcome.LeadId));
    }

    [Fact]
    public async Task Reads_only_the_newest_leads_the_index_names_and_no_older_one()
    {
        for (var n = 1; n <= 40; n++)
        {
            Seed(n, new StageChange(LeadStage.SQL, n % 4 == 0 ? LeadStage.Won : LeadStage.Lost, Start.AddDays(n), "outcome"));
        }

        var before = _store.LeadReads;
        var (outcomes, found) = await new KnownOutcomes(_store.Leads, _store.Scores).ReadMostRecentAsync(maxLeads: 5);

        Assert.Equal(40, found);
        Assert.Equal([Id(36), Id(37), Id(38), Id(39), Id(40)], outcomes.Select(outcome => outcome.LeadId));
        Assert.Equal(5, _store.LeadReads - before);
    }

    [Fact]
    public async Task A_stale_index_row_among_the_newest_gives_its_place_to_the_next_newest()
    {
        for (var n = 1; n <= 8; n++)
        {
            Seed(n, new StageChange(LeadStage.SQL, LeadStage.Lost, Start.AddDays(n), "lost"));
        }

        Seed(
            9,
            new StageChange(LeadStage.SQL, LeadStage.Lost, Start.AddDays(2), "lost"),
            new StageChange(LeadStage.Lost, LeadStage.Recycled, Start.AddDays(3), "again"));

        // A save that lost its race writes its index row first: lead 9 has the newest row under Lost, and is Recycled.
        var read = (await _store.Leads.GetLeadAsync(Id(9)))!;
        Assert.True(await _store.Leads.TryUpdateProfileAsync(read with { Profile = read.Profile with { Company = "Moved on" } }));
        var lost = read.Score! with
        {
            Stage = LeadStage.Lost,
            StageHistory = [.. read.Score!.StageHistory, new StageChange(LeadStage.Recycled, LeadStage.Lost, Start.AddDays(30), "late")],
        };
        Assert.False(await _store.Scores.TrySaveScoreAsync(read, lost, null, Start.AddDays(30)));

        var (outcomes, found) = await new KnownOutcomes(_store.Leads, _store.Scores).ReadMostRecentAsync(maxLeads: 3);

        Assert.Equal(8, found);
        Assert.Equal([Id(6), Id(7), Id(8)], outcomes.Select(outcome => outcome.LeadId));
    }

    private void Seed(int n, params StageChange[] history) =>
        _store.Seed(LeadsWithHistory.Create(Id(n), new LeadProfile { Email = $"lead{n}@example.org" }, Start, history));

    private static string Id(int n) => n.ToString("x32", CultureInfo.InvariantCulture);
}
