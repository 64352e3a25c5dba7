using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Core.Tests.Scoring;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class RuleActivationsTests
{
    private static readonly DateTimeOffset Now = TestModels.Now;
    private static readonly ScoringModel Model = ScoringModel.Default;
    private static readonly RuleActivations Activations = new(Model);

    [Fact]
    public void Lists_every_rule_of_the_model_fit_rules_first_in_document_order()
    {
        Assert.Equal(
            ["title-student", "title-c-level", "title-vp"],
            Activations.Rules.Take(3).Select(rule => rule.Id));
        Assert.Equal(
            Model.Engagement.Rules.Select(rule => rule.Id),
            Activations.Rules.Where(rule => rule.Kind == ScoreKind.Engagement).Select(rule => rule.Id));
        Assert.Equal(
            RuleActivations.FitRules(Model.Fit).Count() + Model.Engagement.Rules.Count,
            Activations.Rules.Count);
    }

    [Fact]
    public void A_matched_fit_rule_is_one_whatever_its_points_and_a_rule_worth_nothing_counts_too()
    {
        var row = Read(new LeadProfile { Email = "a@gmail.com", JobTitle = "CEO", Budget = 500 }, []);

        Assert.Equal(1, Value(row, "title-c-level"));
        Assert.Equal(1, Value(row, "email-free-mail"));
        Assert.Equal(1, Value(row, "budget-small")); // 0 points in the model
        Assert.Equal(0, Value(row, "title-vp"));
    }

    [Fact]
    public void An_engagement_rule_is_the_sum_of_its_events_decay_factors()
    {
        // Pricing pages halve every 14 days: one today and one 14 days ago are 1 + 0.5.
        var row = Read(Profile(), [Pricing("p1", TimeSpan.Zero), Pricing("p2", TimeSpan.FromDays(14))]);

        Assert.Equal(1.5, Value(row, "pricing-page"), precision: 6);
    }

    [Fact]
    public void A_rule_s_cap_and_repeat_limits_hold_its_activation_as_they_hold_its_points()
    {
        // Five fresh pricing views are 50 points, capped at 30: 3. Demo requests count once (maxCount 1): the first, a day
        // old, decayed by a day of a 30-day half-life (to the hundredth of a point, as the scorer counts).
        EngagementEvent[] events =
        [
            .. Enumerable.Range(0, 5).Select(n => Pricing($"p{n}", TimeSpan.FromMinutes(n))),
            TestModels.Event("d1", "Demo Requested", TimeSpan.FromDays(1)),
            TestModels.Event("d2", "Demo Requested", TimeSpan.Zero),
        ];

        var row = Read(Profile(), events);

        Assert.Equal(3, Value(row, "pricing-page"), precision: 6);
        Assert.Equal(Math.Pow(2, -1.0 / 30), Value(row, "demo-requested"), precision: 3);
    }

    [Fact]
    public void A_negative_rule_is_activated_positively()
    {
        var row = Read(Profile(), [TestModels.Event("u1", "Unsubscribed", TimeSpan.FromDays(300))]);

        Assert.Equal(1, Value(row, "unsubscribed"));
    }

    private static FeatureRow Read(LeadProfile profile, IReadOnlyList<EngagementEvent> events) =>
        Activations.Read(new LeadScorer(Model, new FakeTimeProvider(Now)).Score(profile, events, LeadStanding.New, Now));

    private static double Value(FeatureRow row, string ruleId)
    {
        var index = Activations.Rules.Select(rule => rule.Id).ToList().IndexOf(ruleId);
        var at = Array.IndexOf(row.Indexes, index);
        return at < 0 ? 0 : row.Values[at];
    }

    private static LeadProfile Profile() => new() { Email = "a@example.org" };

    private static EngagementEvent Pricing(string id, TimeSpan ago) => TestModels.Event(id, "Page Viewed", ago, ("path", "/pricing"));
}
