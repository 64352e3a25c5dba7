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

    [Fact]
    public void Reports_a_problem_with_each_field_in_field_order()
    {
        var properties = new Dictionary<string, string> { ["path"] = "/", [""] = "v" };

        var errors = EngagementEventRules.Validate(" ", "Rocket Launched", Now.AddDays(3), properties, ScoringModel.Default, Now);

        Assert.Equal(
            [
                "eventId: is required",
                $"type: is not an event type of scoring model {ScoringModel.Default.Version}",
                "occurredAt: is more than 24 hours in the future",
                "properties: names must be 1-100 characters and values at most 2000",
            ],
            errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Names_the_other_problem_of_each_field()
    {
        var properties = Enumerable.Range(0, 51).ToDictionary(i => $"p{i}", i => "v");

        var errors = EngagementEventRules.Validate("evt\u0001", null, Now.AddDays(-1096), properties, ScoringModel.Default, Now);

        Assert.Equal(
            [
                "eventId: contains control characters",
                "type: is required",
                "occurredAt: is more than 1095 days in the past",
                "properties: has 51 entries; at most 50 are accepted",
            ],
            errors.Select(error => error.ToString()));
    }

    [Fact]
    public void Rejects_a_type_longer_than_a_property_name_and_a_property_value_longer_than_the_limit()
    {
        var properties = new Dictionary<string, string> { ["path"] = new string('v', EngagementEventRules.MaxPropertyValueLength + 1) };

        var errors = EngagementEventRules.Validate("evt-1", new string('t', 101), Now, properties, ScoringModel.Default, Now);

        Assert.Equal(["type", "properties"], errors.Select(error => error.Field));
    }

    [Fact]
    public void Accepts_properties_at_their_limits()
    {
        var properties = Enumerable.Range(0, EngagementEventRules.MaxProperties).ToDictionary(
            i => $"{i}".PadLeft(EngagementEventRules.MaxPropertyNameLength, 'p'),
            i => new string('v', EngagementEventRules.MaxPropertyValueLength));

        Assert.Empty(EngagementEventRules.Validate("evt-1", "Page Viewed", Now, properties, ScoringModel.Default, Now));
    }
}
