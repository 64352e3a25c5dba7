using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Scoring;

/// <summary>The shipped model, walked through the journeys the README documents.</summary>
public sealed class DefaultModelScenarioTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly LeadProfile Director = new()
    {
        Email = "dana@northwind.example",
        JobTitle = "Director of Marketing",
        CompanySize = 400,
        Industry = "Software",
        Country = "DE",
    };

    [Fact]
    public void A_well_fitting_lead_moves_from_lead_to_mql_to_sql_and_is_recycled_when_it_goes_quiet()
    {
        var clock = new FakeTimeProvider(Start);
        var scorer = new LeadScorer(ScoringModel.Default, clock);
        var events = new List<EngagementEvent> { Event("f1", "Form Submitted", Start) };

        var first = scorer.Score(Director, events, LeadStanding.New);
        Assert.Equal(LeadStage.Lead, first.Stage);
        Assert.Equal("B", first.Grade); // 15 + 15 + 10 + 10 = 50

        events.Add(Event("p1", "Page Viewed", Start.AddHours(1), ("path", "/pricing")));
        events.Add(Event("c1", "Content Downloaded", Start.AddHours(2), ("contentId", "ebook-1")));
        clock.Advance(TimeSpan.FromHours(3));
        var second = scorer.Score(Director, events, Standing(first));
        Assert.Equal(LeadStage.MQL, second.Stage);

        events.Add(Event("d1", "Demo Requested", Start.AddDays(1)));
        clock.Advance(TimeSpan.FromDays(1));
        var third = scorer.Score(Director, events, Standing(second));
        Assert.Equal(LeadStage.SQL, third.Stage);
        Assert.True(third.SalesHandoffDue);

        clock.Advance(TimeSpan.FromDays(120));
        var quiet = scorer.Score(Director, events, Standing(third));
        Assert.Equal(LeadStage.Lead, quiet.Stage);
        Assert.Equal([LeadStage.MQL, LeadStage.SQL, LeadStage.Lead], quiet.StageHistory.Select(c => c.To));
    }

    [Fact]
    public void An_unsubscribe_and_a_competitor_domain_keep_a_lead_out_of_the_funnel()
    {
        var competitor = Director with { Email = "spy@hubspot.com" };
        var scorer = new LeadScorer(ScoringModel.Default, new FakeTimeProvider(Start));

        var score = scorer.Score(competitor, [Event("d1", "Demo Requested", Start), Event("u1", "Unsubscribed", Start)], LeadStanding.New);

        Assert.Equal(0, score.FitScore);
        Assert.Equal(LeadStage.Lead, score.Stage);
        Assert.Equal("D", score.Grade);
    }

    [Fact]
    public void Trial_and_feature_usage_make_a_pql()
    {
        var scorer = new LeadScorer(ScoringModel.Default, new FakeTimeProvider(Start));

        var score = scorer.Score(Director, [
            Event("t1", "Trial Started", Start),
            Event("f1", "Feature Used", Start, ("feature", "reports")),
            Event("f2", "Feature Used", Start, ("feature", "api")),
        ], LeadStanding.New);

        Assert.True(score.IsPql);
    }

    private static LeadStanding Standing(LeadScore score) => new(score.Stage, score.StageHistory);

    private static EngagementEvent Event(string id, string type, DateTimeOffset at, params (string Key, string Value)[] properties) => new()
    {
        EventId = id,
        Type = type,
        OccurredAt = at,
        Properties = properties.ToDictionary(p => p.Key, p => p.Value),
    };
}
