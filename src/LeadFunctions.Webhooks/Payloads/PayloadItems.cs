using System.Text.Json;

namespace LeadFunctions.Webhooks.Payloads;

/// <summary>
/// Where a body's items are, as a provider's format says: one item, an array of items, or nowhere (a whole-body
/// error). <see cref="JsonBody.ReadItems"/> reads them.
/// </summary>
internal readonly struct PayloadItems
{
    private PayloadItems(JsonElement element, bool isArray, string? error)
    {
        Element = element;
        IsArray = isArray;
        Error = error;
    }

    /// <summary>The single item, or the array of items.</summary>
    public JsonElement Element { get; }

    public bool IsArray { get; }

    /// <summary>Why the body holds no items (safe to return: never quotes the body); null otherwise.</summary>
    public string? Error { get; }

    public static PayloadItems One(JsonElement item) => new(item, false, null);

    public static PayloadItems Many(JsonElement array) => new(array, true, null);

    public static PayloadItems Invalid(string error) => new(default, false, error);
}
