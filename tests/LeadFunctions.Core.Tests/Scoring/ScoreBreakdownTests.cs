using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Scoring;
using static LeadFunctions.Core.Tests.Scoring.TestModels;

namespace LeadFunctions.Core.Tests.Scoring;

public sealed class ScoreBreakdownTests
{
    // Rule indexes in TestModels.Model.
    private const int Pricing = 0;
    private const int Page = 1;
    private const int Open = 2;
    private const int Webinar = 3;

    private static readonly ScoreContribution FitA = ScoreContribution.Fit(Model.Fit.CompanySize[0], "companySize");
    private static readonly ScoreContribution FitB = ScoreContribution.Fit(Model.Fit.Industry[0], "industry");
    private static readonly ScoreContribution CapPricing = ScoreContribution.Cap(Model.EngagementRules[Pricing], -5, 25);

    [Fact]
    public void Reads_the_fit_contributions_then_the_events_then_the_adjustments()
    {
        var viewed = Event("p1", "Page Viewed", TimeSpan.FromDays(1));
        // Three slots, two in use: the third must not be read.
        EventContribution[] events =
        [
            new(viewed, Page, 1, RepeatLimitKind.None),
            new(viewed, Page, 1, RepeatLimitKind.None),
            default,
        ];

        var breakdown = new ScoreBreakdown(Model, [FitA, FitB, CapPricing], 2, events, 2, null, Now);

        Assert.Equal(5, breakdown.Count);
        Assert.Equal(FitA, breakdown[0]);
        Assert.Equal(FitB, breakdown[1]);
        Assert.Equal("p1", breakdown[2].Source);
        Assert.Equal("p1", breakdown[3].Source);
        Assert.Equal(CapPricing, breakdown[4]);
        Assert.Equal(Enumerable.Range(0, breakdown.Count).Select(i => breakdown[i]), breakdown);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void Rejects_an_index_outside_the_breakdown(int index)
    {
        EventContribution[] events = [new(Event("p1", "Page Viewed", TimeSpan.Zero), Page, 1, RepeatLimitKind.None)];
        var breakdown = new ScoreBreakdown(Model, [FitA, CapPricing], 1, events, 1, null, Now);

        Assert.Throws<ArgumentOutOfRangeException>(() => breakdown[index]);
    }

    [Theory]
    [InlineData(0.5, "5")]
    [InlineData(0.25, "2.5")]
    [InlineData(0.12345, "1.23")]
    public void Builds_an_event_from_its_rule_points_decayed_to_hundredths(double factor, string points)
    {
        var viewed = Event("p1", "Page Viewed", TimeSpan.FromDays(3), ("path", "/pricing"));

        var contribution = Single(new EventContribution(viewed, Pricing, factor, RepeatLimitKind.None));

        var decayed = decimal.Parse(points, CultureInfo.InvariantCulture);
        var expected = ScoreContribution.Event(Model.EngagementRules[Pricing], "p1", viewed.OccurredAt, decayed, factor, null);
        Assert.Equal(expected, contribution);
        Assert.Equal(points, contribution.Points.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Builds_a_repeat_limited_event_with_no_points_and_its_limit_note()
    {
        var opened = Event("o2", "Email Opened", TimeSpan.FromDays(1));
        var attended = Event("w3", "Webinar Attended", TimeSpan.FromDays(1));

        var oncePer = Single(new EventContribution(opened, Open, 1, RepeatLimitKind.OncePer));
        var maxCount = Single(new EventContribution(attended, Webinar, 1, RepeatLimitKind.MaxCount));

        var openRule = Model.EngagementRules[Open];
        var webinarRule = Model.EngagementRules[Webinar];
        Assert.Equal(ScoreContribution.RepeatLimited(openRule, "o2", opened.OccurredAt, "repeat limit: once per emailId"), oncePer);
        var firstTwo = "repeat limit: only the first 2 count";
        Assert.Equal(ScoreContribution.RepeatLimited(webinarRule, "w3", attended.OccurredAt, firstTwo), maxCount);
    }

    [Fact]
    public void Builds_an_event_dated_after_the_scoring_time_as_of_the_scoring_time_with_its_note()
    {
        var inAnotherZone = Now.AddMinutes(5).ToOffset(TimeSpan.FromHours(2));
        var late = new EngagementEvent { EventId = "late", Type = "Page Viewed", OccurredAt = inAnotherZone };
        var onTime = Event("on-time", "Page Viewed", TimeSpan.FromHours(1));
        EventContribution[] events = [new(onTime, Page, 1, RepeatLimitKind.None), new(late, Page, 1, RepeatLimitKind.None)];

        var breakdown = new ScoreBreakdown(Model, [], 0, events, 2, [null, "clamped"], Now);

        Assert.Equal(onTime.OccurredAt, breakdown[0].OccurredAt);
        Assert.Null(breakdown[0].Note);
        Assert.Equal(Now, breakdown[1].OccurredAt);
        Assert.Equal(Now.Offset, breakdown[1].OccurredAt!.Value.Offset);
        Assert.Equal("clamped", breakdown[1].Note);
    }

    private static ScoreContribution Single(EventContribution contribution) =>
        Assert.Single(new ScoreBreakdown(Model, [], 0, [contribution], 1, null, Now));
}
