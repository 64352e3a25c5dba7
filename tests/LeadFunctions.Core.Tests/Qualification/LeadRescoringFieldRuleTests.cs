using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Qualification;

/// <summary>Rescoring reads the lead's attribution, so a field rule on <c>utm_source</c> counts in the stored breakdown.</summary>
public sealed class LeadRescoringFieldRuleTests
{
    [Fact]
    public async Task A_field_rule_on_the_leads_source_counts_when_the_lead_is_rescored()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryLeadTables(clock);
        var model = ScoringModel.Parse(CandidateModels.DefaultJson().Replace(
            "\"disposableDomains\"",
            "\"fields\": [{ \"id\": \"source-reference\", \"label\": \"Source: reference\", \"field\": \"utm_source\", "
                + "\"values\": [\"Reference\"], \"points\": 12 }], \"disposableDomains\"",
            StringComparison.Ordinal));
        store.Seed(new Lead
        {
            LeadId = new string('a', 32),
            Profile = new LeadProfile { Email = "dana@northwind.example" },
            Attribution = new LeadAttribution { UtmSource = "reference" },
            CreatedAt = clock.GetUtcNow(),
            UpdatedAt = clock.GetUtcNow(),
        });
        var rescoring = new LeadRescoringService(
            store.Scores, store.DecayReviews, new LeadScorer(model, clock), clock, NullLogger<LeadRescoringService>.Instance);

        await rescoring.RescoreAsync(new string('a', 32));

        var score = (await store.Leads.GetLeadAsync(new string('a', 32)))!.Score!;
        Assert.Equal(12, score.FitScore);
        var rule = Assert.Single(score.Breakdown, c => c.RuleId == "source-reference");
        Assert.Equal((ScoreKind.Fit, "Source: reference", 12m), (rule.Kind, rule.Label, rule.Points));
    }
}
