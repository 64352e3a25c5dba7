using System.Globalization;
using LeadFunctions.Validation;

namespace LeadFunctions.Reporting;

/// <summary>What a funnel report covers: the days from <see cref="From"/> to <see cref="To"/> (UTC, both included) and its rows.</summary>
public sealed record FunnelQuery(DateOnly From, DateOnly To, FunnelGrouping By)
{
    /// <summary>The longest period a report covers (<see cref="SaneDates.MaxSpanYears"/>): its cost grows with the days it reads.</summary>
    public const int MaxYears = SaneDates.MaxSpanYears;

    /// <summary>
    /// Reads the query parameters as a caller sends them (<c>from</c>, <c>to</c> as yyyy-MM-dd; <c>by</c> one of week,
    /// month, source, campaign, grade, week when left out), the days within <see cref="SaneDates"/>. The error names the
    /// parameter.
    /// </summary>
    public static (FunnelQuery? Query, ValidationError? Error) Parse(string? from, string? to, string? by)
    {
        if (!TryParseDay(from, out var first))
        {
            return (null, new ValidationError("from", "must be a date as yyyy-MM-dd (UTC), the first day of the report."));
        }

        if (!TryParseDay(to, out var last))
        {
            return (null, new ValidationError("to", "must be a date as yyyy-MM-dd (UTC), the last day of the report."));
        }

        if (SaneDates.CheckPeriod(first, last) is { } period)
        {
            return (null, period);
        }

        if (!TryParseGrouping(by, out var grouping))
        {
            return (null, new ValidationError("by", "must be one of week, month, source, campaign, grade."));
        }

        return (new FunnelQuery(first, last, grouping), null);
    }

    private static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static bool TryParseGrouping(string? text, out FunnelGrouping grouping)
    {
        grouping = FunnelGrouping.Week;
        return string.IsNullOrEmpty(text)
            || (text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out grouping));
    }
}
