using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using static LeadFunctions.Core.Tests.Scoring.TestModels;

namespace LeadFunctions.Core.Tests.Scoring;

/// <summary>What the scores may do to a stage once sales has had a say (through the scorer, as the rescoring uses it).</summary>
public sealed class StagePolicyTests
{
    // Fit 25 (CEO): above the MQL fit minimum of 20; a demo request makes an SQL.
    private static readonly LeadProfile Fitting = Profile(jobTitle: "CEO");

    [Fact]
    public void A_jump_from_lead_to_sql_records_the_mql_it_passed_through_at_the_same_time()
    {
        var score = Score(Fitting, [Event("d1", "Demo Requested", TimeSpan.FromHours(1))]);

        Assert.Equal(LeadStage.SQL, score.Stage);
        Assert.Equal([(LeadStage.Lead, LeadStage.MQL), (LeadStage.MQL, LeadStage.SQL)], score.StageHistory.Select(c => (c.From, c.To)));
        Assert.All(score.StageHistory, change => Assert.Equal(Now, change.At));
        Assert.StartsWith("on the way to SQL: ", score.StageHistory[0].Reason, StringComparison.Ordinal);
        Assert.Contains("high-intent", score.StageHistory[1].Reason, StringComparison.Ordinal);
        Assert.Equal(score.StageHistory[1], score.StageChange);
        Assert.True(score.SalesHandoffDue);
    }

    [Fact]
    public void A_move_from_mql_to_sql_records_one_move()
    {
        var mql = Score(Fitting, [Event("w1", "Webinar Attended", TimeSpan.FromHours(2))]);

        var sql = Score(
            Fitting,
            [Event("w1", "Webinar Attended", TimeSpan.FromHours(2)), Event("d1", "Demo Requested", TimeSpan.Zero)],
            Standing(mql));

        Assert.Equal([LeadStage.MQL, LeadStage.SQL], sql.StageHistory.Select(c => c.To));
    }

    [Theory]
    [InlineData(LeadStage.SAL)]
    [InlineData(LeadStage.Won)]
    [InlineData(LeadStage.Lost)]
    [InlineData(LeadStage.Disqualified)]
    public void Scores_go_on_but_never_move_a_lead_out_of_a_stage_sales_set(LeadStage held)
    {
        var standing = new LeadStanding(held, [SalesMove(LeadStage.SQL, held, Now.AddDays(-1))]);

        var engaged = Score(
            Fitting,
            [Event("d1", "Demo Requested", TimeSpan.Zero), Event("w1", "Webinar Attended", TimeSpan.Zero)],
            standing);
        var quiet = Scorer().Score(Fitting, [Event("w2", "Webinar Attended", TimeSpan.FromDays(200))], standing, Now);

        Assert.Equal(held, engaged.Stage);
        Assert.Equal(held, quiet.Stage);
        Assert.Null(engaged.StageChange);
        Assert.Null(quiet.StageChange);
        Assert.Equal(standing.History, engaged.StageHistory);
        Assert.Equal(50, engaged.EngagementScore);
        Assert.False(engaged.SalesHandoffDue);
    }

    [Fact]
    public void A_recycled_lead_stays_recycled_while_its_only_engagement_is_older_than_the_recycling()
    {
        var standing = Recycled(at: Now.AddHours(-1));

        // The demo request that made it an SQL still counts (within 14 days), but it came before the recycling.
        var score = Score(Fitting, [Event("d1", "Demo Requested", TimeSpan.FromDays(1))], standing);

        Assert.Equal(LeadStage.Recycled, score.Stage);
        Assert.Null(score.StageChange);
        Assert.True(score.EngagementScore > 20);
    }

    [Fact]
    public void A_recycled_lead_with_new_engagement_qualifies_again_and_is_handed_off_again()
    {
        var standing = Recycled(at: Now.AddHours(-1));

        var score = Score(
            Fitting,
            [Event("d1", "Demo Requested", TimeSpan.FromDays(1)), Event("p1", "Page Viewed", TimeSpan.Zero, ("path", "/pricing"))],
            standing);

        Assert.Equal(LeadStage.SQL, score.Stage);
        Assert.Equal(
            [(LeadStage.Recycled, LeadStage.MQL), (LeadStage.MQL, LeadStage.SQL)],
            score.StageHistory.Skip(standing.History.Count).Select(c => (c.From, c.To)));
        Assert.True(score.SalesHandoffDue);
        Assert.NotEqual(SalesTransitions.LatestHandoffId(standing.History), SalesHandoff.IdFor(score.StageChange!.At));
    }

    [Fact]
    public void A_recycled_lead_whose_new_engagement_is_not_enough_stays_recycled()
    {
        var standing = Recycled(at: Now.AddDays(-30));

        var score = Score(Fitting, [Event("p1", "Page Viewed", TimeSpan.Zero)], standing);

        Assert.Equal(LeadStage.Recycled, score.Stage);
        Assert.Null(score.StageChange);
    }

    [Fact]
    public void A_disqualified_lead_never_qualifies_again_by_score_whatever_it_does()
    {
        var standing = new LeadStanding(
            LeadStage.Disqualified,
            [.. SqlHistory(Now.AddDays(-3)), SalesMove(LeadStage.SQL, LeadStage.Disqualified, Now.AddDays(-2))]);

        var score = Score(
            Fitting,
            [
                Event("d2", "Demo Requested", TimeSpan.Zero),
                Event("w1", "Webinar Attended", TimeSpan.Zero),
                Event("t1", "Trial Started", TimeSpan.Zero),
            ],
            standing);

        Assert.Equal(LeadStage.Disqualified, score.Stage);
        Assert.False(score.SalesHandoffDue);
        Assert.Equal(standing.History, score.StageHistory);
    }

    private static LeadStanding Standing(LeadScore score) => new(score.Stage, score.StageHistory);

    private static LeadStanding Recycled(DateTimeOffset at) =>
        new(LeadStage.Recycled, [.. SqlHistory(at.AddDays(-1)), SalesMove(LeadStage.SQL, LeadStage.Recycled, at)]);

    private static StageChange[] SqlHistory(DateTimeOffset at) =>
        [new StageChange(LeadStage.Lead, LeadStage.MQL, at, "test"), new StageChange(LeadStage.MQL, LeadStage.SQL, at, "test")];

    private static StageChange SalesMove(LeadStage from, LeadStage to, DateTimeOffset at) =>
        new(from, to, at, "Bad timing") { Action = SalesActionKind.Reject, Actor = "sales@example.com" };
}
