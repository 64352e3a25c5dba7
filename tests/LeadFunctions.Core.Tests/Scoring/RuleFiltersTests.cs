using LeadFunctions.Scoring;

namespace LeadFunctions.Core.Tests.Scoring;

public sealed class RuleFiltersTests
{
    [Fact]
    public void Filters_on_the_same_property_share_one_name_instance()
    {
        // Each name its own instance, as when read from different places in a document.
        EngagementRule[] rules =
        [
            Rule("pricing", Filter(new string("path"), "/pricing")),
            Rule("careers", Filter(new string("path"), "/careers")),
        ];

        var where = RuleFilters.SharePropertyNames(rules);

        Assert.Same(where[0][0].Property, where[1][0].Property);
        Assert.Equal(rules[0].Where, where[0]);
        Assert.Equal(rules[1].Where, where[1]);
    }

    [Fact]
    public void Names_spelled_differently_keep_their_own_instance()
    {
        EngagementRule[] rules = [Rule("lower", Filter("path", "/a")), Rule("upper", Filter("Path", "/b"))];

        var where = RuleFilters.SharePropertyNames(rules);

        Assert.Equal("path", where[0][0].Property);
        Assert.Equal("Path", where[1][0].Property);
    }

    [Fact]
    public void Keeps_each_rule_filters_in_order_and_rules_without_filters_empty()
    {
        EngagementRule[] rules =
        [
            Rule("any"),
            Rule("both", Filter("path", "/docs"), Filter("campaign", "spring")),
        ];

        var where = RuleFilters.SharePropertyNames(rules);

        Assert.Empty(where[0]);
        Assert.Equal(["path", "campaign"], where[1].Select(filter => filter.Property));
        Assert.Equal(rules[1].Where, where[1]);
    }

    [Theory]
    [InlineData("/pricing", "/Pricing/plans")]
    [InlineData("/pricing", "/blog/post-7")]
    [InlineData("/PRICING", "/en/pricing")]
    [InlineData("/careers", "/careerſ")]
    [InlineData("/careers", "/café/careers")]
    [InlineData("/café", "/CAFÉ/menu")]
    [InlineData("kelvin", "\u212Aelvin")]
    [InlineData("/pricing", "")]
    [InlineData("/pricing", null)]
    public void A_prepared_contains_search_decides_as_the_filter_does(string contains, string? value)
    {
        var filters = RuleFilters.SharePropertyNames([Rule("rule", Filter("path", contains))]);
        var searches = RuleFilters.AsciiContains(filters);

        Assert.Equal(filters[0][0].Matches(value), RuleFilters.Matches(filters[0][0], searches[0][0], value));
    }

    [Fact]
    public void Prepares_a_search_only_for_an_ascii_contains_filter()
    {
        PropertyFilter[][] where =
        [[
            Filter("path", "/pricing"),
            Filter("path", "/café"),
            new() { Property = "path", EqualTo = "/pricing" },
            new() { Property = "path", StartsWith = "/docs" },
        ]];

        var searches = RuleFilters.AsciiContains(where);

        Assert.NotNull(searches[0][0]);
        Assert.Equal([null, null, null], searches[0][1..]);
    }

    private static EngagementRule Rule(string id, params PropertyFilter[] where) =>
        new() { Id = id, EventType = "Page Viewed", Points = 1, Where = where };

    private static PropertyFilter Filter(string property, string contains) => new() { Property = property, Contains = contains };
}
