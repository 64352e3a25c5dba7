using System.Globalization;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Testing.Leads;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class KnownOutcomesMostRecentTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly InMemoryLeadStore _store = new();

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

        var (outcomes, found) = await new KnownOutcomes(_store).ReadMostRecentAsync();

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

        var (outcomes, found) = await new KnownOutcomes(_store).ReadMostRecentAsync(maxLeads: 5);

        Assert.Equal(12, found);
        Assert.Equal([Id(8), Id(9), Id(10), Id(11), Id(12)], outcomes.Select(outcome => outcome.LeadId));
    }

    private void Seed(int n, params StageChange[] history) =>
        _store.Seed(LeadsWithHistory.Create(Id(n), new LeadProfile { Email = $"lead{n}@example.org" }, Start, history));

    private static string Id(int n) => n.ToString("x32", CultureInfo.InvariantCulture);
}
