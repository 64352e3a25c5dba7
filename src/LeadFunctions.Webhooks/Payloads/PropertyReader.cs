using System.Text.Json;
using LeadFunctions.Validation;

namespace LeadFunctions.Webhooks.Payloads;

/// <summary>Flattens a JSON object of event properties into the string map the scoring rules filter on.</summary>
internal static class PropertyReader
{
    public static readonly string Bounds =
        $"names must be 1-{EngagementEventRules.MaxPropertyNameLength} characters " +
        $"and values at most {EngagementEventRules.MaxPropertyValueLength}";

    /// <summary>
    /// The canonical API's contract, strict: values are strings, numbers or booleans (null is left out); a nested
    /// object or array, an over-long name or value, or too many entries reject the item. A property named "email" is
    /// left out: the address identifies the lead and is not kept again on its events. One named "userAgent" is the
    /// event's user agent when the item has no top-level one, and is not kept either (only its family is).
    /// </summary>
    public static Dictionary<string, string>? ReadStrict(JsonElement item, string name, EventDraft draft)
    {
        if (!JsonFields.TryGet(item, name, out var properties) || properties.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (properties.ValueKind != JsonValueKind.Object)
        {
            draft.Report(DraftFields.Properties, name, "must be an object");
            return null;
        }

        var count = properties.GetPropertyCount();
        if (count > EngagementEventRules.MaxProperties)
        {
            draft.Report(DraftFields.Properties, name, $"has {count} entries; at most {EngagementEventRules.MaxProperties} are accepted");
            return null;
        }

        var result = new Dictionary<string, string>(count, StringComparer.OrdinalIgnoreCase);
        foreach (var property in properties.EnumerateObject())
        {
            var key = JsonFields.ReadName(property, EngagementEventRules.MaxPropertyNameLength);
            if (key is null)
            {
                draft.Report(DraftFields.Properties, name, Bounds);
                return null;
            }

            switch (JsonFields.ReadScalar(property.Value, EngagementEventRules.MaxPropertyValueLength, out var value))
            {
                case FieldRead.Ok when IsUserAgentKey(key):
                    draft.UserAgent ??= value;
                    break;
                case FieldRead.Ok when !IsEmailKey(key):
                    result[key] = value!;
                    break;
                case FieldRead.WrongType:
                    draft.Report(
                        DraftFields.Properties,
                        name,
                        "values must be strings, numbers or booleans (nested objects and arrays are not accepted)");
                    return null;
                case FieldRead.TooLong:
                    draft.Report(DraftFields.Properties, name, Bounds);
                    return null;
                case FieldRead.Invalid:
                    draft.Report(DraftFields.Properties, name, "values must be valid text");
                    return null;
            }
        }

        return result;
    }

    /// <summary>
    /// A provider's properties, lenient: top-level strings, numbers and booleans are kept; nested objects and arrays,
    /// nulls, over-long names or values, invalid text, "email" and "userAgent" (personal data) are left out (the
    /// provider's payload is not ours to correct, and the rules filter on flat values only).
    /// </summary>
    public static void AddScalars(JsonElement properties, Dictionary<string, string> into)
    {
        if (properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in properties.EnumerateObject())
        {
            if (JsonFields.ReadName(property, EngagementEventRules.MaxPropertyNameLength) is { } key
                && !IsEmailKey(key)
                && !IsUserAgentKey(key)
                && JsonFields.ReadScalar(property.Value, EngagementEventRules.MaxPropertyValueLength, out var value) == FieldRead.Ok)
            {
                into[key] = value!;
            }
        }
    }

    /// <summary>Adds a string property when the value is a usable string and the name is not taken yet.</summary>
    public static void TryAdd(Dictionary<string, string> into, string key, JsonElement source, string name)
    {
        if (!into.ContainsKey(key)
            && JsonFields.ReadString(source, name, EngagementEventRules.MaxPropertyValueLength, out var value) == FieldRead.Ok)
        {
            into[key] = value!;
        }
    }

    private static bool IsEmailKey(string key) => key.Equals("email", StringComparison.OrdinalIgnoreCase);

    private static bool IsUserAgentKey(string key) => key.Equals("userAgent", StringComparison.OrdinalIgnoreCase);
}
