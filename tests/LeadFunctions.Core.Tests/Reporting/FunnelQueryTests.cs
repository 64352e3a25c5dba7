using LeadFunctions.Reporting;

namespace LeadFunctions.Core.Tests.Reporting;

public sealed class FunnelQueryTests
{
    [Theory]
    [InlineData(null, "2026-11-30", "week", "from")]
    [InlineData("2026-11-1", "2026-11-30", "week", "from")]
    [InlineData("2026-02-30", "2026-11-30", "week", "from")]
    [InlineData("2026-11-01", "", "week", "to")]
    [InlineData("2026-11-01", "30.11.2026", "week", "to")]
    [InlineData("2026-12-01", "2026-11-30", "week", "from")]
    [InlineData("2024-11-30", "2026-11-30", "week", "to")]
    [InlineData("2026-11-01", "2026-11-30", "day", "by")]
    [InlineData("2026-11-01", "2026-11-30", "1", "by")]
    [InlineData("2026-11-01", "2026-11-30", "<script>", "by")]
    [InlineData("9998-03-01", "9998-03-02", "week", "from")]
    [InlineData("9999-12-31", "9999-12-31", "campaign", "from")]
    [InlineData("0001-01-01", "0001-01-02", "week", "from")]
    [InlineData("1999-12-31", "2000-01-02", "week", "from")]
    [InlineData("2100-12-01", "2101-01-01", "month", "to")]
    public void Bad_parameters_are_refused_naming_the_parameter(string? from, string? to, string? by, string parameter)
    {
        var (query, error) = FunnelQuery.Parse(from, to, by);

        Assert.Null(query);
        Assert.Equal(parameter, error!.Field);
    }

    [Theory]
    [InlineData("2024-12-01", "2026-11-30", null, FunnelGrouping.Week)]
    [InlineData("2026-11-30", "2026-11-30", "CAMPAIGN", FunnelGrouping.Campaign)]
    [InlineData("2026-01-01", "2026-11-30", "grade", FunnelGrouping.Grade)]
    public void Good_parameters_make_a_query(string from, string to, string? by, FunnelGrouping grouping)
    {
        var (query, error) = FunnelQuery.Parse(from, to, by);

        Assert.Null(error);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Equal(new FunnelQuery(DateOnly.Parse(from, invariant), DateOnly.Parse(to, invariant), grouping), query);
    }
}
