using System.Globalization;
using LeadFunctions.Validation;

namespace LeadFunctions.Core.Tests.Validation;

public sealed class SaneDatesTests
{
    [Theory]
    [InlineData("2000-01-01", true)]
    [InlineData("2100-12-31", true)]
    [InlineData("1999-12-31", false)]
    [InlineData("2101-01-01", false)]
    [InlineData("0001-01-01", false)]
    [InlineData("9999-12-31", false)]
    public void The_range_is_the_years_2000_to_2100(string day, bool contained) =>
        Assert.Equal(contained, SaneDates.Contains(Day(day)));

    [Theory]
    [InlineData("9998-03-01", "9998-03-02", "start")]
    [InlineData("2026-01-01", "9999-12-31", "end")]
    [InlineData("2026-03-02", "2026-03-01", "start")]
    [InlineData("2098-01-01", "2100-01-01", "end")]
    public void A_bad_period_names_its_parameter(string from, string to, string named)
    {
        var error = SaneDates.CheckPeriod(Day(from), Day(to), "start", "end");

        Assert.Equal(named, error!.Field);
    }

    [Theory]
    [InlineData("2000-01-01", "2001-12-31")]
    [InlineData("2099-01-01", "2100-12-31")]
    [InlineData("2026-11-30", "2026-11-30")]
    public void A_period_in_range_shorter_than_two_years_passes(string from, string to) =>
        Assert.Null(SaneDates.CheckPeriod(Day(from), Day(to)));

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
