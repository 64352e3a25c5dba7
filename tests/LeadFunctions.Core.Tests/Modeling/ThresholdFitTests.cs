using System.Globalization;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using Xunit.Abstractions;

namespace LeadFunctions.Core.Tests.Modeling;

/// <summary>
/// Thresholds fitted to a target: on <see cref="Testing.Modeling.PlantedSignalLeads"/> through the suggestion service
/// (few leads state BANT, one in ten asked for a demo), and on hand-made leads for the rules of the fit itself.
/// </summary>
public sealed class ThresholdFitTests(ITestOutputHelper output)
{
    private static readonly SuggestionOptions Defaults = new();

    [Fact]
    public async Task Fits_the_sql_band_to_a_quarter_of_the_leads_and_reports_recall_precision_and_load_beside_today()
    {
        var suggestion = await PlantedSuggestions.SuggestAsync("defaults", Defaults);
        var thresholds = suggestion.Thresholds;
        Print(thresholds);

        Assert.Equal((0.25, (double?)null, 0.5), (thresholds.SqlShare!.Value, thresholds.SqlRecall, thresholds.MqlShare));
        Assert.Equal(suggestion.Fit.HeldOut, thresholds.Leads);
        Assert.InRange(thresholds.Proposed.SqlShare, 0.2, 0.25);
        Assert.InRange(thresholds.Proposed.MqlShare, thresholds.Proposed.SqlShare, 0.5);
        Assert.NotNull(thresholds.Proposed.SqlRecall);
        Assert.NotNull(thresholds.Proposed.SqlPrecision);
        Assert.True(thresholds.Proposed.SqlsPerWeek > 0);
        Assert.True(thresholds.Proposed.SqlRecall > thresholds.Today.SqlRecall, "today's model puts almost nobody at SQL");
        Assert.Equal(ThresholdFit.BandNames, thresholds.Proposed.Bands.Select(band => band.Name));
        Assert.Equal(thresholds.Leads, thresholds.Proposed.Bands.Sum(band => band.Leads));
        Assert.Equal(thresholds.Leads, thresholds.Today.Bands.Sum(band => band.Leads));
        Assert.True(thresholds.Proposed.Bands[2].WinRate > thresholds.Proposed.Bands[0].WinRate);
        Assert.InRange(thresholds.ShortOfTarget, 0, 0.01); // the next whole point down would pass the target
        Assert.DoesNotContain(suggestion.Warnings, w => w.StartsWith("The proposed thresholds leave", StringComparison.Ordinal));
        Assert.Equal(ScoringModel.Default.Qualification.Mql, thresholds.Today.Mql);
    }

    [Fact]
    public async Task The_candidate_document_carries_the_proposed_thresholds_and_its_scorer_keeps_the_band_within_the_target()
    {
        var suggestion = await PlantedSuggestions.SuggestAsync("defaults", Defaults);
        var candidate = ScoringModel.Parse(ScoringModel.Write(suggestion.Candidate));

        Assert.Equal(suggestion.Thresholds.Proposed.Mql, candidate.Qualification.Mql);
        Assert.Equal(suggestion.Thresholds.Proposed.Sql.MinTotal, candidate.Qualification.Sql.MinTotal);
        Assert.False(candidate.Qualification.Sql.RequireBant);

        // Scored exactly by the candidate (not estimated), as a backtest does: the held-out leads' SQL band.
        var scorer = new LeadScorer(candidate, TimeProvider.System);
        var (leads, sqls) = (0, 0);
        foreach (var stage in KnownOutcomes.Stages)
        {
            var page = await PlantedSuggestions.Tables.Leads.ListLeadsByStageAsync(stage, null, 5_000);
            foreach (var row in page.Leads.Where(row => HeldOutSplit.IsHeldOut(row.LeadId, Defaults.Holdout)))
            {
                var state = (await PlantedSuggestions.Tables.Scores.GetScoringStateAsync(row.LeadId))!;
                var outcome = KnownOutcomes.OutcomeOf(state)!;
                var score = scorer.Score(
                    state.Lead.Profile, state.Lead.Attribution, outcome.EventsUntil(outcome.OutcomeAt), LeadStanding.New, outcome.OutcomeAt);
                leads++;
                sqls += score.Stage == LeadStage.SQL ? 1 : 0;
            }
        }

        output.WriteLine(Invariant($"candidate's scorer: {sqls} of {leads} held-out leads at SQL ({(double)sqls / leads:0.0000}); estimated {
            suggestion.Thresholds.Proposed.SqlShare:0.0000}"));
        Assert.Equal(suggestion.Thresholds.Leads, leads);
        Assert.InRange((double)sqls / leads, 0.2, 0.25);
    }

    [Fact]
    public async Task Relaxes_require_bant_that_almost_no_lead_meets_and_keeps_it_when_asked_saying_how_far_that_leaves_the_target()
    {
        var relaxed = await PlantedSuggestions.SuggestAsync("defaults", Defaults);
        var kept = await PlantedSuggestions.SuggestAsync("keep bant", Defaults with { Keep = [ThresholdFit.RequireBant] });
        Print(kept.Thresholds);

        Assert.Equal([ThresholdFit.RequireBant], relaxed.Thresholds.Relaxed);
        Assert.Contains(relaxed.Warnings, w => w.StartsWith("requireBant relaxed (false): only ", StringComparison.Ordinal));
        Assert.False(relaxed.Thresholds.Proposed.Sql.RequireBant);

        Assert.Empty(kept.Thresholds.Relaxed);
        Assert.True(kept.Thresholds.Proposed.Sql.RequireBant);
        Assert.True(kept.Candidate.Qualification.Sql.RequireBant);
        Assert.Contains(kept.Warnings, w => w.StartsWith("requireBant kept as asked, though only ", StringComparison.Ordinal));
        Assert.True(kept.Thresholds.ShortOfTarget > 0.05);
        Assert.Equal(Math.Round(0.25 - kept.Thresholds.Proposed.SqlShare, 4), kept.Thresholds.ShortOfTarget);
        Assert.Contains(kept.Warnings, w => w.StartsWith("The proposed thresholds leave the share of leads at SQL at ", StringComparison.Ordinal)
            && w.EndsWith("because requireBant is kept.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recall_target_gives_the_smallest_band_that_catches_that_share_of_won_leads()
    {
        var suggestion = await PlantedSuggestions.SuggestAsync("recall", Defaults with { SqlRecall = 0.6 });
        Print(suggestion.Thresholds);

        Assert.Equal(((double?)null, 0.6), (suggestion.Thresholds.SqlShare, suggestion.Thresholds.SqlRecall!.Value));
        Assert.True(suggestion.Thresholds.Proposed.SqlRecall >= 0.6);
        Assert.Equal(0, suggestion.Thresholds.ShortOfTarget);
    }

    [Fact]
    public void Relaxes_high_intent_types_almost_no_lead_sent_unless_kept()
    {
        var live = ScoringModel.Default.Qualification;
        ThresholdLead[] leads = [.. Enumerable.Range(0, 100).Select(n => new ThresholdLead(n % 4 == 0, n % 40, n % 50, true, n == 7))];
        var evidence = new ThresholdFit.Evidence(leads, leads, BantComplete: 100, HighIntentSent: 1, Outcomes: 100, Weeks: 10);

        var (relaxed, relaxedModel, relaxedWarnings) = ThresholdFit.Fit(live, live, evidence, new SuggestionOptions());
        var (kept, keptModel, keptWarnings) = ThresholdFit.Fit(live, live, evidence, new SuggestionOptions { Keep = [ThresholdFit.HighIntent] });

        Assert.Equal([ThresholdFit.HighIntent], relaxed.Relaxed);
        Assert.Empty(relaxedModel.Sql.HighIntentEventTypes);
        Assert.Contains(relaxedWarnings, w => w.StartsWith(
            "highIntent relaxed (highIntentEventTypes emptied): only 1 of the 100 leads with an outcome (1.0%) sent Demo Requested or "
            + "Contact Sales within 14 days before it", StringComparison.Ordinal));
        Assert.Empty(kept.Relaxed);
        Assert.Equal(live.Sql.HighIntentEventTypes, keptModel.Sql.HighIntentEventTypes);
        Assert.Contains(keptWarnings, w => w.StartsWith("highIntent kept as asked", StringComparison.Ordinal));
        Assert.InRange(relaxed.Proposed.SqlShare, 0.2, 0.25);
        Assert.Equal(Math.Round(relaxed.Proposed.SqlShare * 100 / 10, 2), relaxed.Proposed.SqlsPerWeek);
    }

    [Fact]
    public void A_high_intent_route_wider_than_the_target_is_said_in_a_warning_and_the_total_route_closed()
    {
        var live = ScoringModel.Default.Qualification;
        ThresholdLead[] leads = [.. Enumerable.Range(0, 100).Select(n => new ThresholdLead(n % 3 == 0, n, n, false, true))];
        var evidence = new ThresholdFit.Evidence(leads, leads, BantComplete: 0, HighIntentSent: 100, Outcomes: 100, Weeks: 1);

        var (suggestion, qualification, warnings) = ThresholdFit.Fit(live, live, evidence, new SuggestionOptions { MqlShare = 0.6 });

        Assert.Contains(
            "The high-intent route alone puts 60.0% of the leads at SQL, above the target 25.0%; raise the MQL thresholds or empty "
                + "highIntentEventTypes to narrow it.",
            warnings);
        Assert.Equal(199, qualification.Sql.MinTotal); // above every total: no lead takes the total route
        Assert.Equal(0.6, suggestion.Proposed.SqlShare);
        Assert.Equal(0, suggestion.ShortOfTarget); // over the target is not short of it
    }

    [Fact]
    public void Mql_thresholds_keep_at_most_the_mql_share_and_thresholds_are_whole_points()
    {
        var live = ScoringModel.Default.Qualification;
        ThresholdLead[] leads = [.. Enumerable.Range(0, 200).Select(n => new ThresholdLead(n % 5 == 0, n * 0.37m, (n * 7 % 200) * 0.53m, false, false))];
        var evidence = new ThresholdFit.Evidence(leads, leads, 0, 0, 200, 1);

        var (suggestion, qualification, _) = ThresholdFit.Fit(live, live, evidence, new SuggestionOptions { SqlShare = 0.1, MqlShare = 0.3 });

        Assert.InRange(suggestion.Proposed.MqlShare, 0.2, 0.3);
        Assert.InRange(suggestion.Proposed.SqlShare, 0.08, 0.1);
        Assert.Equal(decimal.Truncate(qualification.Mql.MinFit), qualification.Mql.MinFit);
        Assert.Equal(decimal.Truncate(qualification.Mql.MinEngagement), qualification.Mql.MinEngagement);
        Assert.Equal(decimal.Truncate(qualification.Sql.MinTotal!.Value), qualification.Sql.MinTotal);
        Assert.Equal([ThresholdFit.RequireBant, ThresholdFit.HighIntent], suggestion.Relaxed);
    }

    private void Print(ThresholdSuggestion thresholds)
    {
        foreach (var (name, figures) in new[] { ("proposed", thresholds.Proposed), ("today", thresholds.Today) })
        {
            output.WriteLine(Invariant($"{name}: MQL fit >= {figures.Mql.MinFit}, engagement >= {figures.Mql.MinEngagement}; SQL total >= {
                figures.Sql.MinTotal} (BANT {figures.Sql.RequireBant}); MQL share {figures.MqlShare}, SQL share {figures.SqlShare}, recall {
                figures.SqlRecall}, precision {figures.SqlPrecision}, {figures.SqlsPerWeek} SQLs/week; win rates {
                string.Join(", ", figures.Bands.Select(band => $"{band.Name} {band.WinRate} ({band.Leads})"))}"));
        }

        output.WriteLine(Invariant($"relaxed: [{string.Join(", ", thresholds.Relaxed)}], short of target {thresholds.ShortOfTarget}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
