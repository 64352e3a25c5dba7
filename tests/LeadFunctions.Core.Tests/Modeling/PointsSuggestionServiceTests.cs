using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class PointsSuggestionServiceTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start.AddYears(1));
    private readonly InMemoryLeadTables _store = new();

    [Fact]
    public async Task Fits_the_live_rules_to_the_outcomes_scored_as_of_each_outcome()
    {
        SeedLeads(120, seed: 42);

        var result = await Service().SuggestAsync(new SuggestionOptions());

        var suggestion = result.Suggestion!;
        Assert.Equal(120, suggestion.Fit.Won + suggestion.Fit.NotWon);
        var rules = suggestion.Rules.ToDictionary(rule => rule.RuleId);
        Assert.True(rules["demo-requested"].NewPoints > 0, "demo requests come before wins");
        Assert.True(rules["title-c-level"].NewPoints > 0, "C-level leads win more often");
        Assert.True(rules["careers-page"].NewPoints < 0, "job seekers do not buy");
        Assert.True(rules["demo-requested"].NewPoints > rules["pricing-page"].NewPoints, "pricing views are noise here");

        // Every lost lead started a trial after it was lost: scored as of its outcome, no lead had.
        Assert.Equal((20m, "none"), (rules["trial-started"].NewPoints, rules["trial-started"].Confidence));
        Assert.Contains(suggestion.Warnings, warning => warning.StartsWith("Only ", StringComparison.Ordinal));
        Assert.InRange(suggestion.Fit.Auc!.Value, 0.6, 1);
        ScoringModel.Parse(ScoringModel.Write(suggestion.Candidate));
    }

    [Fact]
    public async Task Two_suggestions_over_the_same_store_are_identical()
    {
        SeedLeads(60, seed: 7);

        var first = (await Service().SuggestAsync(new SuggestionOptions())).Suggestion!;
        var second = (await Service().SuggestAsync(new SuggestionOptions())).Suggestion!;

        Assert.Equal(first.Rules, second.Rules);
        Assert.Equal(first.Fit, second.Fit);
        Assert.Equal(first.Warnings, second.Warnings);
    }

    [Fact]
    public async Task Refuses_when_too_few_leads_have_an_outcome()
    {
        SeedLeads(12, seed: 1);

        var result = await Service().SuggestAsync(new SuggestionOptions());

        Assert.Null(result.Suggestion);
        Assert.Equal("12 leads with a known outcome; a fit needs at least 20.", result.Refusal);
    }

    private PointsSuggestionService Service() => new(
        _store.Scores,
        new KnownOutcomes(_store.Leads, _store.Scores),
        new LeadScorer(ScoringModel.Default, _clock),
        _clock,
        NullLogger<PointsSuggestionService>.Instance);

    /// <summary>
    /// Leads with outcomes drawn from a seeded <see cref="Random"/>: won leads are more often C-level and asked for a
    /// demo, lost ones more often students who looked at the careers page; pricing views are noise. Every lead that was
    /// not won starts a trial the day after its outcome (which must not count); every fifth one is disqualified.
    /// </summary>
    private void SeedLeads(int count, int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var won = n % 2 == 0;
            var at = Start.AddDays(n % 60).AddHours(n);
            var stage = won ? LeadStage.Won : n % 5 == 1 ? LeadStage.Disqualified : LeadStage.Lost;
            var title = random.NextDouble() < (won ? 0.7 : 0.2) ? "CEO" : random.NextDouble() < 0.5 ? "Student" : "Engineer";
            var events = new List<EngagementEvent>();
            AddIf(events, random.NextDouble() < (won ? 0.7 : 0.15), "Demo Requested", at.AddDays(-2));
            AddIf(events, random.NextDouble() < (won ? 0.05 : 0.5), "Page Viewed", at.AddDays(-5), ("path", "/careers"));
            for (var views = random.Next(4); views > 0; views--)
            {
                AddIf(events, true, "Page Viewed", at.AddDays(-views), ("path", "/pricing"));
            }

            AddIf(events, !won, "Trial Started", at.AddDays(1));
            var leadId = n.ToString("x32", CultureInfo.InvariantCulture);
            var lead = LeadsWithHistory.Create(
                leadId,
                new LeadProfile { Email = $"lead{n}@example.org", JobTitle = title },
                at.AddDays(-30),
                new StageChange(LeadStage.SQL, stage, at, "outcome"));
            _store.Seed(lead, events.Select(e => new StoredEvent("test", e)));
        }
    }

    private static void AddIf(
        List<EngagementEvent> events,
        bool condition,
        string type,
        DateTimeOffset at,
        params (string Key, string Value)[] properties)
    {
        if (condition)
        {
            events.Add(new EngagementEvent
            {
                EventId = "e" + events.Count.ToString(CultureInfo.InvariantCulture),
                Type = type,
                OccurredAt = at,
                Properties = properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
            });
        }
    }
}
