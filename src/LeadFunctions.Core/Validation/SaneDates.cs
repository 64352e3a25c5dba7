using System.Globalization;

namespace LeadFunctions.Validation;

/// <summary>
/// The one statement of which dates the API takes as parameters: days from <see cref="First"/> to <see cref="Last"/>
/// (years 2000 to 2100), and periods shorter than <see cref="MaxSpanYears"/> years. Leads have no business in other
/// years, and dates near the ends of <see cref="DateOnly"/> overflow the arithmetic a report does on them (the week
/// before, the month after), which must answer 400, never 500. Times a caller records (an outcome's
/// <c>occurredAt</c>, an event's) have stricter bounds around "now" and so lie inside this range.
/// </summary>
public static class SaneDates
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    /// <summary>The longest period a date range covers: a report's cost grows with the days it reads.</summary>
    public const int MaxSpanYears = 2;

    public static DateOnly First { get; } = new(FirstYear, 1, 1);

    public static DateOnly Last { get; } = new(LastYear, 12, 31);

    /// <summary>Whether <paramref name="day"/> is in the range the API takes.</summary>
    public static bool Contains(DateOnly day) => day >= First && day <= Last;

    /// <summary>
    /// Checks a period given as two days already read: each in range, <paramref name="from"/> not after
    /// <paramref name="to"/>, shorter than <see cref="MaxSpanYears"/> years. The error names the parameter.
    /// </summary>
    public static ValidationError? CheckPeriod(DateOnly from, DateOnly to, string fromName = "from", string toName = "to")
    {
        if (!Contains(from))
        {
            return new ValidationError(fromName, $"must be a day from {Day(First)} to {Day(Last)}.");
        }

        if (!Contains(to))
        {
            return new ValidationError(toName, $"must be a day from {Day(First)} to {Day(Last)}.");
        }

        if (from > to)
        {
            return new ValidationError(fromName, $"must not be after '{toName}'.");
        }

        // Safe: both days are inside the range, far from DateOnly's ends.
        return to >= from.AddYears(MaxSpanYears)
            ? new ValidationError(toName, $"must be less than {MaxSpanYears} years after '{fromName}'.")
            : null;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
