using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using static LeadFunctions.Core.Tests.Scoring.TestModels;

namespace LeadFunctions.Core.Tests.Scoring;

public sealed class LeadScorerStageTests
{
    // Fit 25 (CEO): above the MQL fit minimum of 20.
    private static readonly LeadProfile Fitting = Profile(jobTitle: "CEO");

    [Fact]
    public void A_new_lead_without_engagement_stays_a_lead()
    {
        var score = Score(Fitting, []);

        Assert.Equal(LeadStage.Lead, score.Stage);
        Assert.Null(score.StageChange);
        Assert.Empty(score.StageHistory);
        Assert.False(score.SalesHandoffDue);
    }

    [Fact]
    public void Becomes_an_mql_when_fit_and_engagement_reach_their_thresholds()
    {
        var score = Score(Fitting, [Event("w1", "Webinar Attended", TimeSpan.Zero)]);

        Assert.Equal(LeadStage.MQL, score.Stage);
        var change = Assert.Single(score.StageHistory);
        Assert.Equal((LeadStage.Lead, LeadStage.MQL, Now), (change.From, change.To, change.At));
        Assert.Contains("engagement 20 >= 20", change.Reason, StringComparison.Ordinal);
        Assert.False(score.SalesHandoffDue);
    }

    [Fact]
    public void Engagement_without_fit_is_not_an_mql()
    {
        var score = Score(
            Profile(jobTitle: "Engineer"),
            [Event("w1", "Webinar Attended", TimeSpan.Zero), Event("w2", "Webinar Attended", TimeSpan.Zero)]);

        Assert.Equal(LeadStage.Lead, score.Stage);
    }

    [Fact]
    public void Becomes_an_sql_with_a_recent_high_intent_event_and_is_flagged_for_hand_off_once()
    {
        var events = new[] { Event("d1", "Demo Requested", TimeSpan.FromDays(2)) };

        var first = Score(Fitting, events);
        var again = Score(Fitting, events, new LeadStanding(first.Stage, first.StageHistory));

        Assert.Equal(LeadStage.SQL, first.Stage);
        Assert.True(first.SalesHandoffDue);
        Assert.Contains("high-intent", first.StageChange!.Reason, StringComparison.Ordinal);
        Assert.Equal(LeadStage.SQL, again.Stage);
        Assert.False(again.SalesHandoffDue);
        Assert.Equal(first.StageHistory, again.StageHistory);
    }

    [Fact]
    public void A_high_intent_event_older_than_the_window_does_not_make_an_sql()
    {
        // 30 points decayed over 20 days (two half-lives) leave 7.5; add a webinar to stay an MQL.
        var score = Score(Fitting, [Event("d1", "Demo Requested", TimeSpan.FromDays(20)), Event("w1", "Webinar Attended", TimeSpan.Zero)]);

        Assert.Equal(LeadStage.MQL, score.Stage);
    }

    [Fact]
    public void Becomes_an_sql_on_total_score_only_with_bant_complete()
    {
        var bant = Profile(jobTitle: "CEO", companySize: 5000, budget: 60000, timelineMonths: 1, need: "A real need");
        var noBant = bant with { Need = null, Budget = null };
        var events = Enumerable.Range(0, 3).Select(i => Event($"p{i}", "Page Viewed", TimeSpan.Zero, ("path", "/pricing")))
            .Append(Event("w1", "Webinar Attended", TimeSpan.Zero))
            .Append(Event("w2", "Webinar Attended", TimeSpan.Zero))
            .ToArray();

        var withBant = Score(bant, events);
        var withoutBant = Score(noBant, events);

        Assert.True(withBant.TotalScore >= 100);
        Assert.Equal(LeadStage.SQL, withBant.Stage);
        Assert.Contains("BANT complete", withBant.StageChange!.Reason, StringComparison.Ordinal);
        Assert.Equal(LeadStage.MQL, withoutBant.Stage);
    }

    [Fact]
    public void An_mql_whose_engagement_decays_below_the_threshold_is_recycled()
    {
        var events = new[] { Event("w1", "Webinar Attended", TimeSpan.Zero) };
        var mql = Score(Fitting, events);

        var later = Scorer().Score(Fitting, events, new LeadStanding(mql.Stage, mql.StageHistory), Now.AddDays(5));

        Assert.Equal(LeadStage.Lead, later.Stage);
        Assert.True(later.StageChange!.IsDemotion);
        Assert.StartsWith("recycled: engagement", later.StageChange.Reason, StringComparison.Ordinal);
        Assert.Equal(2, later.StageHistory.Count);
    }

    [Fact]
    public void An_sql_stays_an_sql_while_it_is_still_an_mql_after_the_intent_window()
    {
        var events = new[] { Event("d1", "Demo Requested", TimeSpan.Zero) };
        var sql = Score(Fitting, events);

        // 30 points after 15 days (1.5 half-lives) are 10.61: below the MQL minimum of 20.
        var stillMql = Scorer().Score(
            Fitting,
            [.. events, Event("w1", "Webinar Attended", TimeSpan.FromDays(-15))],
            new LeadStanding(sql.Stage, sql.StageHistory),
            Now.AddDays(15));
        var recycled = Scorer().Score(Fitting, events, new LeadStanding(sql.Stage, sql.StageHistory), Now.AddDays(15));

        Assert.Equal(LeadStage.SQL, stillMql.Stage);
        Assert.Null(stillMql.StageChange);
        Assert.Equal(LeadStage.Lead, recycled.Stage);
        Assert.Equal((LeadStage.SQL, LeadStage.Lead), (recycled.StageChange!.From, recycled.StageChange.To));
    }

    [Fact]
    public void A_recycled_lead_that_shows_intent_again_is_handed_off_again()
    {
        var history = new[]
        {
            new StageChange(LeadStage.Lead, LeadStage.SQL, Now.AddDays(-60), "x"),
            new StageChange(LeadStage.SQL, LeadStage.Lead, Now.AddDays(-30), "recycled"),
        };

        var score = Score(Fitting, [Event("d2", "Demo Requested", TimeSpan.Zero)], new LeadStanding(LeadStage.Lead, history));

        Assert.True(score.SalesHandoffDue);
        Assert.Equal([LeadStage.SQL, LeadStage.Lead, LeadStage.MQL, LeadStage.SQL], score.StageHistory.Select(c => c.To));
    }

    [Fact]
    public void Schedules_a_decay_review_no_later_than_the_mql_threshold_crossing()
    {
        var events = new[] { Event("w1", "Webinar Attended", TimeSpan.Zero), Event("w2", "Webinar Attended", TimeSpan.Zero) };
        var score = Score(Fitting, events);
        var due = score.DecayReviewDueAt!.Value;

        // 40 points with a 20-day half-life fall to 20 after exactly 20 days.
        Assert.Equal(LeadStage.MQL, score.Stage);
        Assert.True(due <= Now.AddDays(20), $"review at {due} is after the crossing");
        Assert.True(due >= Now.AddHours(1));
        var atReview = Scorer().Score(Fitting, events, new LeadStanding(score.Stage, score.StageHistory), due);
        Assert.Equal(LeadStage.MQL, atReview.Stage);
    }

    [Fact]
    public void Needs_no_decay_review_when_nothing_decays()
    {
        Assert.Null(Score(Fitting, []).DecayReviewDueAt);
        Assert.Null(Score(Fitting, [Event("u1", "Unsubscribed", TimeSpan.Zero)]).DecayReviewDueAt);
    }
}
