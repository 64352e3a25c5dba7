using LeadFunctions.ModelReviews;

namespace LeadFunctions.Core.Tests.ModelReviews;

public sealed class ModelReviewIdTests
{
    [Theory]
    [InlineData("2026-06-08T00:00:00Z", "2026-W24")] // Monday 00:00 starts the week
    [InlineData("2026-06-14T23:59:59Z", "2026-W24")] // Sunday night still in it
    [InlineData("2026-06-15T06:00:00Z", "2026-W25")]
    [InlineData("2027-01-01T06:00:00Z", "2026-W53")] // ISO years: the first days of January can belong to last year's weeks
    [InlineData("2026-06-14T23:30:00-02:00", "2026-W25")] // in UTC that is Monday 01:30
    public void Is_the_iso_week_of_the_run_in_utc(string at, string id)
    {
        Assert.Equal(id, ModelReviewId.For(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
