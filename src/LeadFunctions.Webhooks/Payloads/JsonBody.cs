using System.Text.Json;

namespace LeadFunctions.Webhooks.Payloads;

/// <summary>Parses a webhook body with the limits every provider shares; malformed input becomes a whole-body error.</summary>
internal static class JsonBody
{
    /// <summary>Segment messages nest context, traits and properties a few levels; nothing legitimate comes close.</summary>
    public const int MaxDepth = 32;

    /// <summary>The most items one request may carry; more is a whole-body error, nothing is stored.</summary>
    public const int MaxItems = 1_000;

    public const string NotJson = "The body is not valid UTF-8 JSON, or it is nested deeper than 32 levels.";

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>
    /// The opening every provider shares: parses the body, finds its items with <paramref name="findItems"/>, checks
    /// there are at most <see cref="MaxItems"/>, and reads each into one batch (started with the item count) with
    /// <paramref name="readItem"/>, which gets the item's index in the array (0 for a single item).
    /// </summary>
    public static PayloadParseResult ReadItems(
        ReadOnlyMemory<byte> body,
        Func<JsonElement, PayloadItems> findItems,
        Func<int, EventBatch> startBatch,
        Action<EventBatch, int, JsonElement> readItem)
    {
        using var document = TryParse(body, out var error);
        if (document is null)
        {
            return PayloadParseResult.Invalid(error!);
        }

        var items = findItems(document.RootElement);
        if (items.Error is { } notItems)
        {
            return PayloadParseResult.Invalid(notItems);
        }

        if (!items.IsArray)
        {
            var single = startBatch(1);
            readItem(single, 0, items.Element);
            return single.ToResult();
        }

        if (CheckItemCount(items.Element) is { } tooMany)
        {
            return PayloadParseResult.Invalid(tooMany);
        }

        var batch = startBatch(items.Element.GetArrayLength());
        var index = 0;
        foreach (var item in items.Element.EnumerateArray())
        {
            readItem(batch, index++, item);
        }

        return batch.ToResult();
    }

    /// <summary>The document, or null with <paramref name="error"/> set. The caller disposes the document.</summary>
    private static JsonDocument? TryParse(ReadOnlyMemory<byte> body, out string? error)
    {
        var span = body.Span;
        if (span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        try
        {
            error = null;
            return JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            error = NotJson;
            return null;
        }
    }

    /// <summary>The whole-body error for an array of more than <see cref="MaxItems"/> items, or null.</summary>
    private static string? CheckItemCount(JsonElement array)
    {
        var count = array.GetArrayLength();
        return count > MaxItems ? $"A request holds at most {MaxItems:N0} events; this one has {count:N0}." : null;
    }
}
