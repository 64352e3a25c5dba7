using LeadFunctions.Engagement;
using LeadFunctions.Scoring;
using static LeadFunctions.Core.Tests.Scoring.TestModels;

namespace LeadFunctions.Core.Tests.Scoring;

public sealed class LeadScorerEngagementTests
{
    private static readonly TimeSpan HalfLife = TimeSpan.FromDays(10);

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 5)]
    [InlineData(3, 1.25)]
    public void Decays_engagement_by_half_per_half_life(int halfLives, decimal expected)
    {
        var score = Score(Profile(), [Event("e1", "Page Viewed", HalfLife * halfLives, ("path", "/pricing"))]);

        Assert.Equal(expected, score.EngagementScore);
        var contribution = Assert.Single(score.Breakdown, c => c.EventId() == "e1");
        Assert.Equal(10, contribution.BasePoints);
        Assert.Equal(Math.Pow(0.5, halfLives), contribution.DecayFactor, 12);
    }

    [Fact]
    public void Uses_the_rule_half_life_over_the_model_default()
    {
        var score = Score(Profile(), [Event("w1", "Webinar Attended", TimeSpan.FromDays(20))]);

        Assert.Equal(10, score.EngagementScore);
    }

    [Fact]
    public void Points_that_do_not_decay_keep_their_full_weight()
    {
        var score = Score(Profile(), [Event("u1", "Unsubscribed", TimeSpan.FromDays(400))]);

        Assert.Equal(-20, score.EngagementScore);
    }

    [Fact]
    public void Decay_is_deterministic_for_the_same_inputs_and_time()
    {
        var events = Enumerable.Range(0, 50)
            .Select(i => Event(
                $"e{i}",
                i % 2 == 0 ? "Page Viewed" : "Email Opened",
                TimeSpan.FromHours(i * 37.3),
                ("path", "/pricing"),
                ("emailId", $"m{i}")))
            .ToArray();

        var first = Score(Profile(), events);
        var second = Score(Profile(), events.Reverse().ToArray());

        Assert.Equal(first.EngagementScore, second.EngagementScore);
        Assert.Equal(first.Breakdown, second.Breakdown);
    }

    [Fact]
    public void Matches_the_first_rule_whose_filters_match()
    {
        var score = Score(Profile(), [
            Event("p1", "Page Viewed", TimeSpan.Zero, ("path", "/en/Pricing?plan=team")),
            Event("p2", "Page Viewed", TimeSpan.Zero, ("path", "/blog")),
        ]);

        Assert.Equal("pricing", score.Breakdown.Single(c => c.EventId() == "p1").RuleId);
        Assert.Equal("page", score.Breakdown.Single(c => c.EventId() == "p2").RuleId);
        Assert.Equal(11, score.EngagementScore);
    }

    [Fact]
    public void Caps_what_a_rule_can_contribute_and_explains_the_cap()
    {
        var events = Enumerable.Range(0, 4).Select(i => Event($"p{i}", "Page Viewed", TimeSpan.Zero, ("path", "/pricing"))).ToArray();

        var score = Score(Profile(), events);

        Assert.Equal(25, score.EngagementScore);
        var cap = Assert.Single(score.Breakdown, c => c.Source == "cap");
        Assert.Equal(-15, cap.Points);
        Assert.Equal("pricing", cap.RuleId);
    }

    [Fact]
    public void Counts_only_the_first_open_per_email_id()
    {
        var score = Score(Profile(), [
            Event("o1", "Email Opened", TimeSpan.FromMinutes(30), ("emailId", "newsletter-1")),
            Event("o2", "Email Opened", TimeSpan.FromMinutes(20), ("emailId", "newsletter-1")),
            Event("o3", "Email Opened", TimeSpan.FromMinutes(10), ("emailId", "newsletter-2")),
        ]);

        Assert.Equal(4, Math.Round(score.EngagementScore));
        var repeated = score.Breakdown.Single(c => c.EventId() == "o2");
        Assert.Equal(0, repeated.Points);
        Assert.StartsWith("repeat limit", repeated.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_only_the_first_n_events_of_a_rule_with_a_max_count()
    {
        var score = Score(Profile(), [
            Event("w1", "Webinar Attended", TimeSpan.Zero),
            Event("w2", "Webinar Attended", TimeSpan.Zero),
            Event("w3", "Webinar Attended", TimeSpan.Zero),
        ]);

        Assert.Equal(40, score.EngagementScore);
        Assert.Equal(0, score.Breakdown.Single(c => c.EventId() == "w3").Points);
    }

    [Fact]
    public void Never_counts_an_event_id_twice()
    {
        var demo = Event("d1", "Demo Requested", TimeSpan.FromDays(1));

        var score = Score(Profile(), [demo, demo, demo with { Properties = new Dictionary<string, string> { ["x"] = "y" } }]);

        Assert.Equal(2, score.DuplicateEvents);
        Assert.Equal(1, score.EventCount);
        Assert.Single(score.Breakdown, c => c.EventId() == "d1");
    }

    [Fact]
    public void Negative_events_lower_engagement_down_to_the_model_minimum()
    {
        var score = Score(Profile(), [
            Event("u1", "Unsubscribed", TimeSpan.FromDays(1)),
            Event("u2", "Unsubscribed", TimeSpan.FromDays(2)),
        ]);

        Assert.Equal(-30, score.EngagementScore);
        Assert.Equal(-30, Sum(score, ScoreKind.Engagement));
    }

    [Fact]
    public void Clamps_future_timestamps_to_the_scoring_time_and_says_so()
    {
        var score = Score(Profile(), [Event("f1", "Page Viewed", TimeSpan.FromMinutes(-10), ("path", "/pricing"))]);

        Assert.Equal(10, score.EngagementScore);
        Assert.Equal(1, score.ClampedEvents);
        var contribution = score.Breakdown.Single(c => c.EventId() == "f1");
        Assert.Equal(Now, contribution.OccurredAt);
        Assert.Contains("clock skew", contribution.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Ignores_unknown_event_types_and_counts_them()
    {
        var score = Score(Profile(), [Event("x1", "Rocket Launched", TimeSpan.Zero), Event("i1", "Identify", TimeSpan.Zero)]);

        Assert.Equal(0, score.EngagementScore);
        Assert.Equal(1, score.UnknownEvents);
        Assert.Empty(score.Breakdown);
    }

    [Fact]
    public void Breakdown_adds_up_exactly_to_both_scores()
    {
        var events = Enumerable.Range(0, 200).Select(i => Event(
            $"e{i}",
            (i % 5) switch { 0 => "Page Viewed", 1 => "Email Opened", 2 => "Feature Used", 3 => "Webinar Attended", _ => "Unsubscribed" },
            TimeSpan.FromHours(i * 7.77),
            ("path", i % 3 == 0 ? "/pricing" : "/docs"),
            ("emailId", $"m{i % 7}"),
            ("feature", $"f{i % 4}"))).ToArray();

        var score = Score(Profile(jobTitle: "VP Sales", companySize: 120, email: "v@gmail.com"), events);

        Assert.Equal(score.FitScore, Sum(score, ScoreKind.Fit));
        Assert.Equal(score.EngagementScore, Sum(score, ScoreKind.Engagement));
        Assert.All(score.Breakdown, c => Assert.Equal(c.Points, decimal.Round(c.Points, 2)));
        Assert.Equal("test-1", score.ModelVersion);
    }

    [Fact]
    public void Flags_a_pql_from_product_usage_points()
    {
        var score = Score(Profile(), [
            Event("t1", "Trial Started", TimeSpan.Zero),
            Event("f1", "Feature Used", TimeSpan.Zero, ("feature", "reports")),
            Event("f2", "Feature Used", TimeSpan.Zero, ("feature", "api")),
        ]);

        Assert.True(score.IsPql);
        Assert.False(Score(Profile(), [Event("t1", "Trial Started", TimeSpan.Zero)]).IsPql);
    }
}

internal static class ContributionExtensions
{
    public static string? EventId(this ScoreContribution contribution) =>
        contribution.Kind == ScoreKind.Engagement && contribution.Source is not ("cap" or "limit") ? contribution.Source : null;
}
