using System.Globalization;
using System.Text;

namespace LeadFunctions.Email;

/// <summary>Makes data safe to put on one line of an email (a header or a labelled value).</summary>
internal static class MailText
{
    /// <summary>
    /// Null for a missing or blank value; otherwise the value with control characters (CR, LF, tab …), line and
    /// paragraph separators and bidirectional overrides replaced by spaces, runs of spaces collapsed, and cut to
    /// <paramref name="maxLength"/> characters (with an ellipsis).
    /// </summary>
    public static string? OneLine(string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var line = Collapse(value, maxLength);
        if (line.Length == 0)
        {
            return null;
        }

        if (line.Length > maxLength)
        {
            CutWithEllipsis(line, maxLength);
        }

        return line.ToString();
    }

    /// <summary>
    /// The value's safe characters, with one space where a run of whitespace or unsafe characters separates two of
    /// them; stops as soon as the line is longer than <paramref name="maxLength"/>.
    /// </summary>
    private static StringBuilder Collapse(string value, int maxLength)
    {
        var line = new StringBuilder(Math.Min(value.Length, maxLength + 1));
        var pendingSpace = false;
        foreach (var character in value)
        {
            if (char.IsWhiteSpace(character) || IsUnsafe(character))
            {
                pendingSpace = line.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                line.Append(' ');
                pendingSpace = false;
            }

            line.Append(character);
            if (line.Length > maxLength)
            {
                break;
            }
        }

        return line;
    }

    /// <summary>Cuts the line to <paramref name="maxLength"/> characters, the last an ellipsis, never between a surrogate pair.</summary>
    private static void CutWithEllipsis(StringBuilder line, int maxLength)
    {
        line.Length = maxLength - 1;
        if (char.IsHighSurrogate(line[^1]))
        {
            line.Length--;
        }

        line.Append('…');
    }

    private static bool IsUnsafe(char character) =>
        char.IsControl(character)
        || char.GetUnicodeCategory(character) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || character is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
