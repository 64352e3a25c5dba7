using LeadFunctions.Scoring;
using LeadFunctions.Validation;

namespace LeadFunctions.Core.Tests.Validation;

public sealed class EngagementEventRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Accepts_a_known_event_with_a_plausible_timestamp()
    {
        Assert.Empty(EngagementEventRules.Validate("evt-1", "Email Opened", Now.AddMinutes(-5), null, ScoringModel.Default, Now));
    }

    [Fact]
    public void Accepts_slight_clock_skew_which_the_scorer_clamps()
    {
        Assert.Empty(EngagementEventRules.Validate("evt-1", "Email Opened", Now.AddMinutes(5), null, ScoringModel.Default, Now));
    }

    [Theory]
    [InlineData(null, "Email Opened", 0, "eventId")]
    [InlineData(" ", "Email Opened", 0, "eventId")]
    [InlineData("evt\u0001", "Email Opened", 0, "eventId")]
    [InlineData("evt-1", null, 0, "type")]
    [InlineData("evt-1", "Rocket Launched", 0, "type")]
    [InlineData("evt-1", "Email Opened", 3, "occurredAt")]
    [InlineData("evt-1", "Email Opened", -2000, "occurredAt")]
    public void Rejects_bad_events_naming_the_field(string? id, string? type, int offsetDays, string field)
    {
        var errors = EngagementEventRules.Validate(id, type, Now.AddDays(offsetDays), null, ScoringModel.Default, Now);

        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void Rejects_a_missing_timestamp()
    {
        var errors = EngagementEventRules.Validate("evt-1", "Email Opened", null, null, ScoringModel.Default, Now);

        Assert.Equal("occurredAt", Assert.Single(errors).Field);
    }

    [Fact]
    public void Rejects_oversized_ids_and_properties()
    {
        var huge = new string('x', 10 * 1024 * 1024);
        var properties = new Dictionary<string, string> { ["path"] = huge };

        var errors = EngagementEventRules.Validate(huge, "Page Viewed", Now, properties, ScoringModel.Default, Now);

        Assert.Contains(errors, e => e.Field == "eventId");
        Assert.Contains(errors, e => e.Field == "properties");
    }

    [Fact]
    public void Rejects_too_many_properties()
    {
        var properties = Enumerable.Range(0, 51).ToDictionary(i => $"p{i}", i => "v");

        var errors = EngagementEventRules.Validate("evt-1", "Page Viewed", Now, properties, ScoringModel.Default, Now);

        Assert.Equal("properties", Assert.Single(errors).Field);
    }
}
