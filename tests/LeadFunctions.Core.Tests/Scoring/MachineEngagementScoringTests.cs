using LeadFunctions.Backtesting;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;

namespace LeadFunctions.Core.Tests.Scoring;

/// <summary>
/// Machine engagement in the scorer, with the default model (Email Opened 1 point once per emailId, cap 10; Email Link
/// Clicked 3 points once per emailId, cap 15): stored, listed, never scored, in scoring, backtests and suggestions alike.
/// </summary>
public sealed class MachineEngagementScoringTests
{
    private static readonly DateTimeOffset Now = TestModels.Now;
    private static readonly LeadScorer Scorer = new(ScoringModel.Default, TimeProvider.System);
    private static readonly LeadProfile Profile = new() { Email = "dana@northwind.example", JobTitle = "VP Marketing", CompanySize = 500 };

    [Fact]
    public void Clicks_seconds_after_delivery_add_no_points_and_are_listed_with_their_reason()
    {
        EngagementEvent[] events =
        [
            Delivered("d1", "m1", -600),
            Click("c1", "m1", -597, "https://example.com/pricing"),
            Click("c2", "m1", -596, "https://example.com/blog"),
            Click("c3", "m1", -592, "https://example.com/docs"),
        ];

        var score = Scorer.Score(Profile, events, LeadStanding.New, Now);

        Assert.Equal(0, score.EngagementScore);
        Assert.DoesNotContain(score.Breakdown, contribution => contribution.Kind == ScoreKind.Engagement);
        Assert.Equal(["c1", "c2", "c3"], score.IgnoredEvents.Select(ignored => ignored.EventId));
        Assert.All(score.IgnoredEvents, ignored => Assert.Equal(MachineRule.AfterDelivery, ignored.RuleId));
        Assert.Equal(1, score.EventCount); // the delivery, unscored; the clicks are not counted
        var stored = Assert.Single(StoredScore.From(score).IgnoredEvents);
        Assert.Equal("3 clicks ignored: clicked within 10 s of delivery (mail scanner)", stored.Summary);
        Assert.Equal(new IgnoredEventGroup(EmailEventTypes.LinkClicked, MachineRule.AfterDelivery,
            "clicked within 10 s of delivery (mail scanner)", 3), stored);
    }

    [Fact]
    public void A_machine_open_does_not_use_up_the_once_per_email_limit_of_the_person_s_open()
    {
        EngagementEvent[] events =
        [
            Open("mpp", "m1", -7200, machine: true),
            Open("person", "m1", -3600, machine: false),
        ];

        var score = Scorer.Score(Profile, events, LeadStanding.New, Now);

        var counted = Assert.Single(score.Breakdown, contribution => contribution.Kind == ScoreKind.Engagement);
        Assert.Equal("person", counted.Source);
        Assert.Null(counted.Note);
        Assert.True(counted.Points > 0.99m);
        Assert.Equal("1 open ignored: opened by Apple Mail Privacy Protection on delivery (sg_machine_open)",
            Assert.Single(StoredScore.From(score).IgnoredEvents).Summary);
    }

    [Fact]
    public void Machine_clicks_do_not_count_toward_the_rule_s_cap()
    {
        // Five scanner clicks (5 emails, each a second after delivery), then five people's clicks on five other emails:
        // 5 × 3 = 15, exactly the cap, with no cap adjustment; counted with the scanners' they would be capped to 15 too,
        // but the people's clicks would not all count.
        var scanners = Enumerable.Range(1, 5)
            .SelectMany(n => new[] { Delivered($"d{n}", $"m{n}", -3600), Click($"s{n}", $"m{n}", -3599, "https://example.com/a") });
        var people = Enumerable.Range(6, 5).Select(n => Click($"p{n}", $"m{n}", -60, "https://example.com/a"));

        var score = Scorer.Score(Profile, [.. scanners, .. people], LeadStanding.New, Now);

        Assert.Equal(15, score.EngagementScore);
        Assert.DoesNotContain(score.Breakdown, contribution => contribution.Source == "cap");
        Assert.Equal(5, score.Breakdown.Count(contribution => contribution.Source.StartsWith('p') && contribution.Points == 3));
        Assert.Equal(5, score.IgnoredEvents.Count);
    }

    [Fact]
    public void A_bot_s_demo_request_is_no_high_intent_and_makes_no_sql()
    {
        var profile = Profile with { Budget = 100_000, TimelineMonths = 2, Need = "Replace our spreadsheets" };
        var pricing = Enumerable.Range(0, 3).Select(n => Event($"v{n}", "Page Viewed", -60 * n, ("path", "/pricing")));
        var demo = Event("demo", "Demo Requested", -30, (MachineEngagementClassifier.UserAgentFamilyProperty, "headlesschrome"));

        var withBot = Scorer.Score(profile, [.. pricing, demo], LeadStanding.New, Now);
        var withPerson = Scorer.Score(profile, [.. pricing, demo with { Properties = new Dictionary<string, string>() }], LeadStanding.New, Now);

        Assert.Equal(LeadStage.SQL, withPerson.Stage);
        Assert.NotEqual(LeadStage.SQL, withBot.Stage);
        Assert.Equal(withPerson.EngagementScore - 30, withBot.EngagementScore);
        Assert.Equal("1 Demo Requested event ignored: user agent of an automated client (headlesschrome)",
            Assert.Single(StoredScore.From(withBot).IgnoredEvents).Summary);
    }

    [Fact]
    public void The_configured_rules_score_a_backtest_candidate_too()
    {
        var quick = new EngagementEvent[] { Delivered("d1", "m1", -600), Click("c1", "m1", -598, "https://example.com/a") };
        var noDeliveryRule = new MachineEngagementClassifier(new EngagementOptions { MinSecondsAfterDelivery = 0 });
        var configured = new LeadScorer(ScoringModel.Default, TimeProvider.System, noDeliveryRule);

        var candidate = configured.WithModel(ScoringModel.Default);

        Assert.Equal(3, candidate.Score(Profile, quick, LeadStanding.New, Now).EngagementScore);
        Assert.Equal(0, Scorer.WithModel(ScoringModel.Default).Score(Profile, quick, LeadStanding.New, Now).EngagementScore);
    }

    [Fact]
    public void Backtests_and_suggestions_see_the_lead_without_its_machine_events()
    {
        var lead = new Lead { LeadId = new string('a', 32), Profile = Profile, CreatedAt = Now.AddDays(-30), UpdatedAt = Now };
        EngagementEvent[] events =
        [
            .. Enumerable.Range(1, 4).SelectMany(n => new[]
            {
                Delivered($"d{n}", $"m{n}", -86_400 * n), Click($"c{n}", $"m{n}", (-86_400 * n) + 2, "https://example.com/a"),
            }),
        ];
        var outcome = KnownOutcome.Of(new LeadScoringState(lead, events), LeadStage.Won, Now);
        var withoutClicks = KnownOutcome.Of(new LeadScoringState(lead, [.. events.Where(e => e.Type != EmailEventTypes.LinkClicked)]), LeadStage.Won, Now);

        var verdict = LeadVerdict.Of(Scorer, outcome, Now);
        var features = new RuleActivations(ScoringModel.Default).Read(Scorer.Score(Profile, events, LeadStanding.New, Now));

        Assert.Equal(LeadVerdict.Of(Scorer, withoutClicks, Now), verdict);
        Assert.DoesNotContain(
            features.Indexes,
            index => new RuleActivations(ScoringModel.Default).Rules[index].Id.Contains("click", StringComparison.Ordinal));
    }

    private static EngagementEvent Click(string id, string emailId, int seconds, string url) =>
        Event(id, EmailEventTypes.LinkClicked, seconds, ("emailId", emailId), ("url", url));

    private static EngagementEvent Open(string id, string emailId, int seconds, bool machine) =>
        Event(id, EmailEventTypes.Opened, seconds, ("emailId", emailId), ("machineOpen", machine ? "true" : "false"));

    private static EngagementEvent Delivered(string id, string emailId, int seconds) =>
        Event(id, EmailEventTypes.Delivered, seconds, ("emailId", emailId));

    private static EngagementEvent Event(string id, string type, int seconds, params (string Key, string Value)[] properties) => new()
    {
        EventId = id,
        Type = type,
        OccurredAt = Now.AddSeconds(seconds),
        Properties = properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
    };
}
