using System.Globalization;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using Xunit.Abstractions;

namespace LeadFunctions.Core.Tests.Modeling;

/// <summary>
/// Rules found in the data: on <see cref="Testing.Modeling.PlantedSignalLeads"/>, whose wins follow a planted
/// <c>utm_source</c> and a planted page path, and on small hand-made outcomes for the rules of discovery itself.
/// </summary>
public sealed class RuleDiscoveryTests(ITestOutputHelper output)
{
    private static readonly SuggestionOptions Defaults = new();

    [Fact]
    public async Task Discovers_the_planted_source_and_page_as_readable_rules_with_their_evidence()
    {
        var suggestion = await PlantedSuggestions.SuggestAsync("defaults", Defaults);
        Print(suggestion);

        var source = Assert.Single(suggestion.Discovered, rule => rule.RuleId == "source-reference");
        Assert.Equal(("Source: reference", ScoreKind.Fit, "utm_source", "reference"), (source.Label, source.Kind, source.Field, source.Value));
        var page = Assert.Single(suggestion.Discovered, rule => rule.RuleId == "page-customers");
        Assert.Equal(("Viewed /customers", ScoreKind.Engagement, "Page Viewed"), (page.Label, page.Kind, page.EventType));
        Assert.Equal("/customers", Assert.Single(page.Where!).StartsWith);
        Assert.All([source, page], rule =>
        {
            Assert.Contains(rule.Confidence, (string[])["medium", "high"]);
            Assert.True(rule.Points > 0 && rule.Weight > 0 && rule.Lift > 1.5, rule.RuleId);
            Assert.InRange(rule.Support, Defaults.MinSupport, PlantedSuggestions.Leads);
            Assert.Equal(Math.Round((double)rule.Won / rule.Support, 4), rule.WinRate);
        });
    }

    [Fact]
    public async Task The_candidate_carries_the_discovered_rules_and_the_scorer_counts_them()
    {
        var suggestion = await PlantedSuggestions.SuggestAsync("defaults", Defaults);

        var candidate = ScoringModel.Parse(ScoringModel.Write(suggestion.Candidate));

        var source = Assert.Single(candidate.Fit.Fields, rule => rule.Id == "source-reference");
        Assert.Equal(suggestion.Discovered.Single(rule => rule.RuleId == "source-reference").Points, source.Points);
        var rules = candidate.Engagement.Rules.Select(rule => rule.Id).ToList();
        Assert.True(rules.IndexOf("page-customers") < rules.IndexOf("page-view"), "before the rule that takes every page view");
        var page = candidate.Engagement.Rules.Single(rule => rule.Id == "page-customers");
        Assert.Equal((1, false, RuleDiscovery.Category), (page.MaxCount, page.Decays, page.Category));
        var won = await PlantedSuggestions.Tables.Leads.ListLeadsByStageAsync(LeadStage.Won, null, 500);
        LeadScoringState? lead = null;
        foreach (var row in won.Leads)
        {
            lead = await PlantedSuggestions.Tables.Scores.GetScoringStateAsync(row.LeadId);
            if (lead!.Lead.Attribution.UtmSource == "reference")
            {
                break;
            }
        }

        var score = new LeadScorer(candidate, TimeProvider.System).Score(
            lead!.Lead.Profile, lead.Lead.Attribution, lead.Events, LeadStanding.New, PlantedSuggestions.Now);
        Assert.Contains(score.Breakdown, c => c.RuleId == "source-reference" && c.Source == "utm_source" && c.Points == source.Points);
    }

    [Fact]
    public async Task The_candidate_ranks_held_out_leads_better_with_discovery_than_without()
    {
        var with = await PlantedSuggestions.SuggestAsync("defaults", Defaults);
        var without = await PlantedSuggestions.SuggestAsync("no discovery", Defaults with { Discover = false });
        output.WriteLine(Invariant($"held-out AUC: fit {with.Fit.Auc:0.000} vs {without.Fit.Auc:0.000} without discovery; candidate points {
            with.Fit.CandidateAuc:0.000} vs {without.Fit.CandidateAuc:0.000}; live {with.Fit.LiveAuc:0.000}"));

        Assert.Empty(without.Discovered);
        Assert.True(with.Fit.Auc > without.Fit.Auc + 0.03);
        Assert.True(with.Fit.CandidateAuc > without.Fit.CandidateAuc + 0.03);
        Assert.Equal(with.Fit.HeldOut, without.Fit.HeldOut);
    }

    [Fact]
    public async Task Fewer_outcomes_than_the_support_asked_find_no_rules_and_say_so()
    {
        var suggestion = await PlantedSuggestions.SuggestAsync("support above the leads", Defaults with { MinSupport = 5_000 });

        Assert.Empty(suggestion.Discovered);
        Assert.Contains(
            $"No rules discovered: {PlantedSuggestions.Leads} leads with an outcome, fewer than minSupport (5000) that a discovered rule needs.",
            suggestion.Warnings);
    }

    [Fact]
    public void A_candidate_that_activates_the_leads_a_live_rule_does_is_dropped_and_rare_values_are_left_out()
    {
        // Every lead that has industry "Fintech" also has the live rule "industry-core" and no other lead has it.
        var live = ScoringModel.Default;
        var coreIndex = new RuleActivations(live).Rules.Select(rule => rule.Id).ToList().IndexOf("industry-core");
        var outcomes = Enumerable.Range(0, 100).Select(n => new ScoredOutcome(
            n.ToString("x32", CultureInfo.InvariantCulture),
            n % 3 == 0,
            n < 40 ? new FeatureRow([coreIndex], [1]) : FeatureRow.Empty,
            0)
        {
            Fields =
            [
                new CapturedValue(CapturedFields.Industry, n < 40 ? "Fintech" : "Retail"),
                new CapturedValue(CapturedFields.UtmSource, n < 5 ? "rare" : n % 2 == 0 ? "Google" : "google"),
            ],
        }).ToArray();

        var found = RuleDiscovery.Find(live, outcomes, minSupport: 10);

        Assert.Equal(["industry-retail", "source-google"], found.Candidates.Select(c => c.Rule.Id).Order(StringComparer.Ordinal));
        var google = found.Candidates.Single(c => c.Rule.Id == "source-google");
        Assert.Equal(("Source: Google", 95), (google.Rule.DisplayName, google.Support));
        Assert.All(found.PerLead.Take(5), leads => Assert.DoesNotContain(found.Candidates.ToList().IndexOf(google), leads));
    }

    private void Print(PointsSuggestion suggestion)
    {
        foreach (var rule in suggestion.Discovered)
        {
            output.WriteLine(Invariant($"{rule.RuleId}: support {rule.Support}, won {rule.Won}, win rate {rule.WinRate}, lift {
                rule.Lift}, weight {rule.Weight:0.00} ± {rule.StandardError:0.00}, z {rule.Z:0.0} ({rule.Confidence}), {rule.Points} points"));
        }

        output.WriteLine(Invariant($"AUC {suggestion.Fit.Auc:0.000}, candidate {suggestion.Fit.CandidateAuc:0.000}, live {
            suggestion.Fit.LiveAuc:0.000}; {suggestion.Fit.DiscoveryCandidates} candidates"));
        foreach (var warning in suggestion.Warnings)
        {
            output.WriteLine(warning);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
