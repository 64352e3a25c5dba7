using System.Globalization;

namespace LeadFunctions.Capture;

/// <summary>Reads the loosely formatted numbers people and form builders post (sizes, budgets, timelines).</summary>
internal static class FormValues
{
    /// <summary>Digits with invariant thousands separators and decimal point; no sign, exponent or spaces.</summary>
    private const NumberStyles Number = NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint;

    /// <summary>"250" → 250; "51-200" → 51 (the band's lower bound); "1,000+" → 1000.</summary>
    public static bool TryParseCompanySize(string text, out int employees)
    {
        employees = 0;
        var span = text.AsSpan().Trim();
        var dash = span.IndexOfAny('-', '–');
        if (dash > 0)
        {
            span = span[..dash].Trim();
        }

        span = span.TrimEnd('+').Trim();
        if (!decimal.TryParse(span, Number, CultureInfo.InvariantCulture, out var value) || value < 0 || value > int.MaxValue)
        {
            return false;
        }

        employees = (int)value;
        return true;
    }

    /// <summary>"50000", "50k", "$1.2m", "€10,000", "10k-50k" (lower bound).</summary>
    public static bool TryParseBudget(string text, out decimal amount)
    {
        amount = 0;
        var span = text.AsSpan().Trim();
        var dash = span.IndexOfAny('-', '–');
        if (dash > 0)
        {
            span = span[..dash].Trim();
        }

        span = span.TrimStart("$€£ ").TrimEnd('+').Trim();
        decimal multiplier = 1;
        if (span.Length > 0)
        {
            switch (char.ToLowerInvariant(span[^1]))
            {
                case 'k':
                    multiplier = 1_000;
                    span = span[..^1];
                    break;
                case 'm':
                    multiplier = 1_000_000;
                    span = span[..^1];
                    break;
            }
        }

        if (!decimal.TryParse(span.Trim(), Number, CultureInfo.InvariantCulture, out var value)
            || value < 0 || value > 1_000_000_000_000m / multiplier)
        {
            return false;
        }

        amount = value * multiplier;
        return true;
    }

    /// <summary>"3" / "3 months" → 3; "6 weeks" → 2; "1 year" → 12; "now" / "immediately" → 0.</summary>
    public static bool TryParseTimelineMonths(string text, out int months)
    {
        months = 0;
        var span = text.AsSpan().Trim();
        if (span.Equals("now", StringComparison.OrdinalIgnoreCase)
            || span.Equals("immediately", StringComparison.OrdinalIgnoreCase)
            || span.Equals("asap", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (span.StartsWith("within", StringComparison.OrdinalIgnoreCase))
        {
            span = span[6..].Trim();
        }

        var end = 0;
        while (end < span.Length && char.IsAsciiDigit(span[end]))
        {
            end++;
        }

        if (end == 0 || end > 4 || !int.TryParse(span[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        return TryConvertToMonths(count, span[end..].Trim(), out months);
    }

    /// <summary>A count of months (the default unit, "month", "mo"), weeks (rounded up) or years.</summary>
    private static bool TryConvertToMonths(int count, ReadOnlySpan<char> unit, out int months)
    {
        if (unit.IsEmpty
            || unit.StartsWith("month", StringComparison.OrdinalIgnoreCase)
            || unit.Equals("mo", StringComparison.OrdinalIgnoreCase))
        {
            months = count;
        }
        else if (unit.StartsWith("week", StringComparison.OrdinalIgnoreCase))
        {
            months = (count + 3) / 4;
        }
        else if (unit.StartsWith("year", StringComparison.OrdinalIgnoreCase))
        {
            months = count * 12;
        }
        else
        {
            months = 0;
            return false;
        }

        return true;
    }

    /// <summary>"true", "on", "yes", "1" → true; "false", "off", "no", "0" → false.</summary>
    public static bool? ParseConsent(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "true" or "on" or "yes" or "1" or "checked" => true,
        "false" or "off" or "no" or "0" => false,
        _ => null,
    };

    /// <summary>
    /// A value copied from a cookie: trimmed, without one pair of surrounding double quotes (Analytics.js Classic
    /// JSON-quotes its <c>ajs_anonymous_id</c> cookie, Analytics.js 2.0 does not; both name the same visitor).
    /// </summary>
    public static string? CookieValue(string? text)
    {
        var value = text?.Trim();
        return value is { Length: >= 2 } && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
    }

    /// <summary>Trims; blank becomes null.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
