using LeadFunctions.ModelReviews;

namespace LeadFunctions.Core.Tests.ModelReviews;

public sealed class ModelReviewDecisionTests
{
    [Fact]
    public void A_live_auc_that_fell_by_the_drift_margin_since_its_published_backtest_is_drift()
    {
        Assert.Equal(ModelReviewVerdict.Drift, ModelReviewDecision.Decide(200, 0.75, 0.80, 0.76, 0.75));
        Assert.Equal(ModelReviewVerdict.Steady, ModelReviewDecision.Decide(200, 0.7501, 0.80, 0.76, 0.75));
    }

    [Fact]
    public void A_candidate_that_beats_live_by_the_candidate_margin_on_the_held_out_leads_is_a_better_candidate()
    {
        Assert.Equal(ModelReviewVerdict.BetterCandidate, ModelReviewDecision.Decide(200, 0.7, 0.7, 0.73, 0.70));
        Assert.Equal(ModelReviewVerdict.Steady, ModelReviewDecision.Decide(200, 0.7, 0.7, 0.7299, 0.70));
    }

    [Fact]
    public void The_candidate_is_compared_with_live_on_the_same_held_out_leads_not_on_the_whole_window()
    {
        // Live scores 0.60 on the window but 0.68 on the held-out leads: the candidate's 0.70 is no better there.
        Assert.Equal(ModelReviewVerdict.Steady, ModelReviewDecision.Decide(200, 0.60, null, 0.70, 0.68));
    }

    [Fact]
    public void Drift_and_a_better_candidate_together_are_both_named()
    {
        Assert.Equal(ModelReviewVerdict.DriftAndBetterCandidate, ModelReviewDecision.Decide(200, 0.6, 0.8, 0.7, 0.6));
    }

    [Fact]
    public void Neither_is_steady_and_a_live_model_that_improved_is_no_drift()
    {
        Assert.Equal(ModelReviewVerdict.Steady, ModelReviewDecision.Decide(200, 0.9, 0.8, 0.9, 0.9));
    }

    [Fact]
    public void Without_a_published_backtest_or_a_candidate_nothing_is_judged_but_the_review_stands()
    {
        Assert.Equal(ModelReviewVerdict.Steady, ModelReviewDecision.Decide(200, 0.5, null, null, null));
    }

    [Theory]
    [InlineData(19, 0.5)]
    [InlineData(500, null)]
    public void Too_few_outcomes_or_no_auc_judges_nothing(int outcomes, double? liveAuc)
    {
        // Even figures that would be drift and a better candidate.
        Assert.Equal(ModelReviewVerdict.TooFewOutcomes, ModelReviewDecision.Decide(outcomes, liveAuc, 0.9, 0.9, 0.5));
    }

    [Theory]
    [InlineData(ModelReviewVerdict.TooFewOutcomes, false)]
    [InlineData(ModelReviewVerdict.Steady, false)]
    [InlineData(ModelReviewVerdict.Drift, true)]
    [InlineData(ModelReviewVerdict.BetterCandidate, true)]
    [InlineData(ModelReviewVerdict.DriftAndBetterCandidate, true)]
    public void Only_drift_or_a_better_candidate_is_worth_an_email(ModelReviewVerdict verdict, bool email)
    {
        Assert.Equal(email, ModelReviewDecision.NeedsEmail(verdict));
    }
}
