using System.Text;

namespace LeadFunctions.Storage;

/// <summary>
/// Reads the flat, attribute-free XML the storage services return (queue message lists, error bodies) straight
/// from UTF-8 bytes, without building a DOM: find an element by name, get its raw content, decode its text
/// (character and entity references, CDATA, XML line-ending normalization).
/// </summary>
internal readonly ref struct XmlElementReader(ReadOnlySpan<byte> xml)
{
    private readonly ReadOnlySpan<byte> _xml = xml;

    /// <summary>Finds the first element named <paramref name="name"/> and returns its decoded text.</summary>
    public bool TryReadElement(ReadOnlySpan<byte> name, out string? value)
    {
        if (TryFindElement(_xml, name, out ReadOnlySpan<byte> content, out _))
        {
            value = DecodeText(content);
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The raw (undecoded) content of the first element named <paramref name="name"/>.</summary>
    public bool TryReadRaw(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> content) =>
        TryFindElement(_xml, name, out content, out _);

    /// <summary>
    /// Finds the first <c>&lt;name&gt;...&lt;/name&gt;</c> or <c>&lt;name/&gt;</c> in <paramref name="xml"/>;
    /// <paramref name="end"/> is the index just past it. Elements of the same name must not nest.
    /// </summary>
    public static bool TryFindElement(ReadOnlySpan<byte> xml, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> content, out int end)
    {
        int position = 0;
        while (true)
        {
            int open = xml[position..].IndexOf((byte)'<');
            if (open < 0)
            {
                break;
            }

            open += position;
            ReadOnlySpan<byte> afterName = xml[(open + 1)..];
            if (afterName.StartsWith(name) && afterName.Length > name.Length && EndsName(afterName[name.Length]))
            {
                int tagClose = afterName.IndexOf((byte)'>');
                if (tagClose < 0)
                {
                    break;
                }

                int contentStart = open + 1 + tagClose + 1;
                if (afterName[tagClose - 1] == (byte)'/')
                {
                    content = default;
                    end = contentStart;
                    return true;
                }

                if (TryFindEndTag(xml, contentStart, name, out int contentEnd, out end))
                {
                    content = xml[contentStart..contentEnd];
                    return true;
                }

                break;
            }

            position = open + 1;
        }

        content = default;
        end = xml.Length;
        return false;
    }

    /// <summary>Decodes element text: entity and character references, CDATA sections, CR/CRLF to LF.</summary>
    public static string DecodeText(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOfAny((byte)'&', (byte)'<', (byte)'\r') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        string text = Encoding.UTF8.GetString(raw);
        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c == '&')
            {
                int semicolon = text.IndexOf(';', i);
                if (semicolon < 0)
                {
                    throw new FormatException("The storage service returned malformed XML: an unterminated entity reference.");
                }

                AppendReference(builder, text.AsSpan(i + 1, semicolon - i - 1));
                i = semicolon;
            }
            else if (c == '<' && text.AsSpan(i).StartsWith("<![CDATA[", StringComparison.Ordinal))
            {
                int close = text.IndexOf("]]>", i, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new FormatException("The storage service returned malformed XML: an unterminated CDATA section.");
                }

                builder.Append(text, i + 9, close - i - 9);
                i = close + 2;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static void AppendReference(StringBuilder builder, ReadOnlySpan<char> reference)
    {
        switch (reference)
        {
            case "lt": builder.Append('<'); return;
            case "gt": builder.Append('>'); return;
            case "amp": builder.Append('&'); return;
            case "quot": builder.Append('"'); return;
            case "apos": builder.Append('\''); return;
        }

        if (reference.Length > 1 && reference[0] == '#')
        {
            bool hex = reference[1] is 'x' or 'X';
            ReadOnlySpan<char> digits = hex ? reference[2..] : reference[1..];
            if (int.TryParse(digits, hex ? System.Globalization.NumberStyles.AllowHexSpecifier : System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out int codePoint)
                && Rune.TryCreate(codePoint, out Rune rune))
            {
                Span<char> chars = stackalloc char[2];
                builder.Append(chars[..rune.EncodeToUtf16(chars)]);
                return;
            }
        }

        throw new FormatException("The storage service returned malformed XML: an unknown entity reference.");
    }

    private static bool TryFindEndTag(ReadOnlySpan<byte> xml, int from, ReadOnlySpan<byte> name, out int contentEnd, out int end)
    {
        int position = from;
        while (true)
        {
            int close = xml[position..].IndexOf("</"u8);
            if (close < 0)
            {
                contentEnd = end = 0;
                return false;
            }

            close += position;
            ReadOnlySpan<byte> afterName = xml[(close + 2)..];
            if (afterName.StartsWith(name))
            {
                ReadOnlySpan<byte> rest = afterName[name.Length..];
                int gt = rest.IndexOfAnyExcept(" \t\r\n"u8);
                if (gt >= 0 && rest[gt] == (byte)'>')
                {
                    contentEnd = close;
                    end = close + 2 + name.Length + gt + 1;
                    return true;
                }
            }

            position = close + 2;
        }
    }

    private static bool EndsName(byte next) => next is (byte)'>' or (byte)'/' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
