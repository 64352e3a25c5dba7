using LeadFunctions.Leads;

namespace LeadFunctions.Reporting;

/// <summary>
/// One counter of the funnel: a kind, the day it counts for (the day of the entry, or the first day of a cohort), the
/// stage (none for SLA counters) and the group (a source, campaign or grade, or the whole days of a duration). Holds no
/// personal data: a report needs nothing about who the leads are.
/// </summary>
public sealed record FunnelCounter(FunnelCounterKind Kind, DateOnly Day, LeadStage? Stage = null, string? Group = null)
{
    /// <summary>The Monday of the ISO week of <paramref name="day"/>: the day of a weekly cohort.</summary>
    public static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The first day of the month of <paramref name="day"/>: the day of a monthly cohort.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The UTC day of an instant.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
}
