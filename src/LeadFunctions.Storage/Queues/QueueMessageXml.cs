using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Azure.Core;

namespace LeadFunctions.Storage.Queues;

/// <summary>
/// The Queue service's XML: request bodies <c>&lt;QueueMessage&gt;&lt;MessageText&gt;…&lt;/MessageText&gt;&lt;/QueueMessage&gt;</c>
/// (text escaped, or base64) and the <c>&lt;QueueMessagesList&gt;</c> responses, read straight from UTF-8.
/// </summary>
internal static class QueueMessageXml
{
    /// <summary>The largest message text the service accepts: 64 KiB of UTF-8, after encoding.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static RequestContent CreateBody(string messageText, QueueMessageEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        if (encoding == QueueMessageEncoding.None)
        {
            return CreateTextBody(messageText, nameof(messageText));
        }

        int byteCount = Encoding.UTF8.GetByteCount(messageText);
        CheckSize(Base64.GetMaxEncodedToUtf8Length(byteCount), encoding, nameof(messageText));
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            int written = Encoding.UTF8.GetBytes(messageText, utf8);
            return CreateBase64Body(utf8.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    public static RequestContent CreateBody(BinaryData message, QueueMessageEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (encoding == QueueMessageEncoding.None)
        {
            string text;
            try
            {
                text = s_strictUtf8.GetString(message.ToMemory().Span);
            }
            catch (DecoderFallbackException exception)
            {
                throw new ArgumentException(
                    "With MessageEncoding.None the message must be UTF-8 text; use MessageEncoding.Base64 for binary content.", nameof(message), exception);
            }

            return CreateTextBody(text, nameof(message));
        }

        ReadOnlySpan<byte> bytes = message.ToMemory().Span;
        CheckSize(Base64.GetMaxEncodedToUtf8Length(bytes.Length), encoding, nameof(message));
        return CreateBase64Body(bytes);
    }

    public static List<QueueMessage> ReadMessages(ReadOnlySpan<byte> xml, QueueMessageEncoding encoding)
    {
        var messages = new List<QueueMessage>();
        while (XmlElementReader.TryFindElement(xml, "QueueMessage"u8, out ReadOnlySpan<byte> element, out int end))
        {
            var fields = new XmlElementReader(element);
            string id = RequiredText(fields, "MessageId"u8);
            messages.Add(new QueueMessage(
                id,
                RequiredText(fields, "PopReceipt"u8),
                Body(fields, id, encoding),
                DequeueCount(fields),
                Date(fields, "TimeNextVisible"u8),
                Date(fields, "InsertionTime"u8),
                Date(fields, "ExpirationTime"u8)));
            xml = xml[end..];
        }

        return messages;
    }

    public static List<PeekedMessage> ReadPeekedMessages(ReadOnlySpan<byte> xml, QueueMessageEncoding encoding)
    {
        var messages = new List<PeekedMessage>();
        while (XmlElementReader.TryFindElement(xml, "QueueMessage"u8, out ReadOnlySpan<byte> element, out int end))
        {
            var fields = new XmlElementReader(element);
            string id = RequiredText(fields, "MessageId"u8);
            messages.Add(new PeekedMessage(
                id,
                Body(fields, id, encoding),
                DequeueCount(fields),
                Date(fields, "InsertionTime"u8),
                Date(fields, "ExpirationTime"u8)));
            xml = xml[end..];
        }

        return messages;
    }

    public static SendReceipt ReadSendReceipt(ReadOnlySpan<byte> xml)
    {
        if (!XmlElementReader.TryFindElement(xml, "QueueMessage"u8, out ReadOnlySpan<byte> element, out _))
        {
            throw Malformed("the response has no QueueMessage element");
        }

        var fields = new XmlElementReader(element);
        return new SendReceipt(
            RequiredText(fields, "MessageId"u8),
            RequiredText(fields, "PopReceipt"u8),
            Date(fields, "InsertionTime"u8) ?? throw Malformed("InsertionTime is missing"),
            Date(fields, "ExpirationTime"u8) ?? throw Malformed("ExpirationTime is missing"),
            Date(fields, "TimeNextVisible"u8) ?? throw Malformed("TimeNextVisible is missing"));
    }

    public static DateTimeOffset ParseDate(string value) =>
        DateTimeOffset.ParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static RequestContent CreateBase64Body(ReadOnlySpan<byte> bytes)
    {
        using PooledBufferWriter buffer = PooledBufferWriter.Rent();
        buffer.Write("<QueueMessage><MessageText>"u8);
        Span<byte> destination = buffer.GetSpan(Base64.GetMaxEncodedToUtf8Length(bytes.Length));
        Base64.EncodeToUtf8(bytes, destination, out _, out int written);
        buffer.Advance(written);
        buffer.Write("</MessageText></QueueMessage>"u8);
        return buffer.ToRequestContent();
    }

    private static RequestContent CreateTextBody(string text, string parameterName)
    {
        CheckSize(Encoding.UTF8.GetByteCount(text), QueueMessageEncoding.None, parameterName);
        using PooledBufferWriter buffer = PooledBufferWriter.Rent();
        buffer.Write("<QueueMessage><MessageText>"u8);
        WriteEscaped(buffer, text, parameterName);
        buffer.Write("</MessageText></QueueMessage>"u8);
        return buffer.ToRequestContent();
    }

    /// <summary>Writes <paramref name="text"/> as XML character data: <c>&amp; &lt; &gt;</c> and CR escaped.</summary>
    private static void WriteEscaped(PooledBufferWriter buffer, string text, string parameterName)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            ReadOnlySpan<byte> replacement = c switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '\r' => "&#xD;"u8,
                _ => default,
            };

            if (replacement.IsEmpty)
            {
                if (!IsXmlChar(text, i))
                {
                    throw new ArgumentException(
                        $"The message text holds a character that XML cannot carry (U+{(int)c:X4} at index {i}); use MessageEncoding.Base64.", parameterName);
                }

                if (char.IsHighSurrogate(c))
                {
                    i++;
                }

                continue;
            }

            WriteUtf8(buffer, text.AsSpan(start, i - start));
            buffer.Write(replacement);
            start = i + 1;
        }

        WriteUtf8(buffer, text.AsSpan(start));
    }

    private static bool IsXmlChar(string text, int index)
    {
        char c = text[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]);
        }

        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }

    private static void WriteUtf8(PooledBufferWriter buffer, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        Span<byte> destination = buffer.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        buffer.Advance(Encoding.UTF8.GetBytes(text, destination));
    }

    private static void CheckSize(int encodedBytes, QueueMessageEncoding encoding, string parameterName)
    {
        if (encodedBytes > MaxMessageBytes)
        {
            throw new ArgumentException(
                $"The message is {encodedBytes:N0} bytes after {encoding} encoding; a queue message holds at most {MaxMessageBytes:N0} " +
                "bytes (64 KiB). Store the payload elsewhere (for example in a blob or a table) and enqueue a reference to it.",
                parameterName);
        }
    }

    private static BinaryData Body(XmlElementReader fields, string messageId, QueueMessageEncoding encoding)
    {
        if (!fields.TryReadRaw("MessageText"u8, out ReadOnlySpan<byte> raw))
        {
            return BinaryData.Empty;
        }

        if (encoding == QueueMessageEncoding.None)
        {
            return BinaryData.FromString(XmlElementReader.DecodeText(raw));
        }

        raw = raw.Trim(" \t\r\n"u8);
        if (Base64.IsValid(raw, out int decodedLength))
        {
            byte[] bytes = new byte[decodedLength];
            Base64.DecodeFromUtf8(raw, bytes, out _, out _);
            return new BinaryData(bytes);
        }

        throw new FormatException(
            $"Message {messageId} is not valid base64, but the client expects MessageEncoding.Base64: the queue holds messages " +
            "written with another encoding. Use one encoding per queue (QueueClientOptions.MessageEncoding).");
    }

    private static long DequeueCount(XmlElementReader fields) =>
        fields.TryReadRaw("DequeueCount"u8, out ReadOnlySpan<byte> raw) && Utf8Parser.TryParse(raw, out long count, out _) ? count : 0;

    private static DateTimeOffset? Date(XmlElementReader fields, ReadOnlySpan<byte> name) =>
        fields.TryReadRaw(name, out ReadOnlySpan<byte> raw) && Utf8Parser.TryParse(raw, out DateTimeOffset value, out _, 'R')
            ? value
            : null;

    private static string RequiredText(XmlElementReader fields, ReadOnlySpan<byte> name) =>
        fields.TryReadElement(name, out string? value) && !string.IsNullOrEmpty(value)
            ? value
            : throw Malformed($"{Encoding.ASCII.GetString(name)} is missing");

    private static FormatException Malformed(string detail) => new($"The Queue service returned unexpected XML: {detail}.");
}
