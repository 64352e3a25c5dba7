using System.Text.Json;
using Azure;
using Azure.Core;

namespace LeadFunctions.Storage;

/// <summary>
/// Reads the service's error code and message for <see cref="RequestFailedException"/>: the code from the
/// <c>x-ms-error-code</c> header, else from the body; the message from the Table service JSON
/// (<c>{"odata.error":{"code","message":{"value"}}}</c>) or the Queue service XML
/// (<c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;</c>).
/// </summary>
internal sealed class StorageRequestFailedDetailsParser : RequestFailedDetailsParser
{
    public static readonly StorageRequestFailedDetailsParser Shared = new();

    /// <summary>The service's error (code and first line of its message) in <paramref name="response"/>, if any.</summary>
    public static ResponseError? ErrorOf(Response response) =>
        Shared.TryParse(response, out ResponseError? error, out _) ? error : null;

    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue(StorageHeaders.ErrorCode, out string? code);
        string? message = null;

        ReadOnlySpan<byte> body = response.ContentStream is null ? default : response.Content.ToMemory().Span;
        body = body.TrimStart(" \t\r\n"u8);
        if (body.Length > 0 && body[0] == (byte)'{')
        {
            ReadJsonError(body, ref code, ref message);
        }
        else if (body.Length > 0 && body[0] == (byte)'<')
        {
            var xml = new XmlElementReader(body);
            if (xml.TryReadElement("Code"u8, out string? xmlCode))
            {
                code ??= xmlCode;
            }

            if (xml.TryReadElement("Message"u8, out string? xmlMessage))
            {
                message = xmlMessage;
            }
        }

        if (code is null && message is null)
        {
            error = null;
            return false;
        }

        error = new ResponseError(code, FirstLine(message) ?? $"The storage service rejected the request ({code}).");
        return true;
    }

    private static void ReadJsonError(ReadOnlySpan<byte> body, ref string? code, ref string? message)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (!root.TryGetProperty("odata.error"u8, out JsonElement error) && !root.TryGetProperty("error"u8, out error))
            {
                return;
            }

            if (code is null && error.TryGetProperty("code"u8, out JsonElement codeElement) && codeElement.ValueKind == JsonValueKind.String)
            {
                code = codeElement.GetString();
            }

            if (error.TryGetProperty("message"u8, out JsonElement messageElement))
            {
                message = messageElement.ValueKind switch
                {
                    JsonValueKind.String => messageElement.GetString(),
                    JsonValueKind.Object when messageElement.TryGetProperty("value"u8, out JsonElement value) => value.GetString(),
                    _ => null,
                };
            }
        }
        catch (JsonException)
        {
            // Not the JSON we expected: the raw content still appears in the exception message.
        }
    }

    private static string? FirstLine(string? message)
    {
        if (message is null)
        {
            return null;
        }

        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
