using System.Globalization;

namespace LeadFunctions.ModelReviews;

/// <summary>
/// A review's id: the ISO 8601 week (UTC) of the run, as <c>2026-W23</c>. Every run in one week (the timer's, a manual
/// trigger through the admin API, another instance's) gets the same id, so a week has one review and one email at most.
/// </summary>
public static class ModelReviewId
{
    /// <summary>The id of the week that holds <paramref name="at"/> (in UTC).</summary>
    public static string For(DateTimeOffset at)
    {
        var day = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}");
    }

    /// <summary>True for strings shaped like a review id (<c>yyyy-Www</c>), so that other strings never reach storage.</summary>
    public static bool IsValid(string? value) =>
        value is { Length: 8 } && value[4] == '-' && value[5] == 'W'
        && !value.AsSpan(0, 4).ContainsAnyExceptInRange('0', '9') && !value.AsSpan(6).ContainsAnyExceptInRange('0', '9');
}
