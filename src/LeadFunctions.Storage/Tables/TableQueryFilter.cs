using System.Globalization;
using System.Text;

namespace LeadFunctions.Storage.Tables;

/// <summary>
/// Builds OData filter strings from a format string whose arguments are turned into escaped literals, so
/// caller input never becomes filter syntax. Used by <see cref="TableClient.CreateQueryFilter"/>.
/// </summary>
internal static class TableQueryFilter
{
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        object?[] arguments = filter.GetArguments();
        var literals = new string[arguments.Length];
        for (int i = 0; i < arguments.Length; i++)
        {
            literals[i] = ToLiteral(arguments[i], i);
        }

        // The literals are already formatted: format the template with them as plain strings.
        return string.Format(CultureInfo.InvariantCulture, filter.Format, literals);
    }

    /// <summary>An OData literal for <paramref name="value"/> (strings quoted with <c>'</c> doubled).</summary>
    public static string ToLiteral(object? value, int index = 0) => value switch
    {
        null => "null",
        string text => Quote(text),
        char character => Quote(character.ToString()),
        bool flag => flag ? "true" : "false",
        int number => number.ToString(CultureInfo.InvariantCulture),
        short number => number.ToString(CultureInfo.InvariantCulture),
        byte number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture) + "L",
        double number => Double(number),
        float number => Double(number),
        DateTimeOffset time => DateTimeLiteral(time.UtcDateTime),
        DateTime time => DateTimeLiteral(TableEntityJson.ToUtc(time).UtcDateTime),
        Guid guid => "guid'" + guid.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexStringLower(bytes) + "'",
        BinaryData data => "X'" + Convert.ToHexStringLower(data.ToMemory().Span) + "'",
        Enum enumeration => Quote(enumeration.ToString()),
        _ => throw new ArgumentException(
            $"Filter argument {index} is a {value.GetType().Name}, which has no OData literal form.", nameof(value)),
    };

    private static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        builder.Append('\'');
        builder.Append(text.Replace("'", "''", StringComparison.Ordinal));
        builder.Append('\'');
        return builder.ToString();
    }

    private static string Double(double number)
    {
        if (!double.IsFinite(number))
        {
            throw new ArgumentException("OData filters cannot compare with NaN or infinity.", nameof(number));
        }

        string text = number.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny('.', 'E') < 0 ? text + ".0" : text;
    }

    private static string DateTimeLiteral(DateTime utc) =>
        "datetime'" + utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + "'";
}
