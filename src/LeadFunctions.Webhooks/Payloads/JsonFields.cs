using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LeadFunctions.Webhooks.Payloads;

/// <summary>
/// Bounded reads of JSON values. A value is measured on its raw bytes before it is turned into a string, so a 10 MB
/// string costs no 10 MB allocation; nothing here throws for any input.
/// </summary>
internal static class JsonFields
{
    /// <summary>The most raw bytes one character can take in JSON text ("\uXXXX").</summary>
    private const int MaxRawBytesPerChar = 6;

    /// <summary><see cref="DateTimeOffset.MinValue"/> and <see cref="DateTimeOffset.MaxValue"/> in Unix seconds.</summary>
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    private const int MaxTimestampLength = 64;

    /// <summary>The named property of an object (false when the element is not an object or the property is absent).</summary>
    public static bool TryGet(JsonElement item, string name, out JsonElement value)
    {
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The named property when it is an object.</summary>
    public static bool TryGetObject(JsonElement item, string name, out JsonElement value) =>
        TryGet(item, name, out value) && value.ValueKind == JsonValueKind.Object;

    public static FieldRead ReadString(JsonElement item, string name, int maxLength, out string? value)
    {
        if (!TryGet(item, name, out var element))
        {
            value = null;
            return FieldRead.Absent;
        }

        return ReadString(element, maxLength, out value);
    }

    public static FieldRead ReadString(JsonElement element, int maxLength, out string? value)
    {
        value = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return FieldRead.Absent;
            case JsonValueKind.String:
                break;
            default:
                return FieldRead.WrongType;
        }

        // The raw value includes the quotes; every character takes at least one raw byte and at most six.
        var rawLength = JsonMarshal.GetRawUtf8Value(element).Length - 2;
        if (rawLength > (long)maxLength * MaxRawBytesPerChar)
        {
            return FieldRead.TooLong;
        }

        string? text;
        try
        {
            text = element.GetString();
        }
        catch (InvalidOperationException)
        {
            return FieldRead.Invalid; // an escaped lone surrogate ("\ud800") is not text
        }

        if (text is null)
        {
            return FieldRead.Absent;
        }

        if (text.Length > maxLength)
        {
            return FieldRead.TooLong;
        }

        value = text;
        return FieldRead.Ok;
    }

    /// <summary>
    /// A property value as a flat string: strings as they are, numbers as written in the JSON (invariant, never
    /// re-formatted), booleans as "true"/"false". Objects and arrays are <see cref="FieldRead.WrongType"/>.
    /// </summary>
    public static FieldRead ReadScalar(JsonElement element, int maxLength, out string? value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return ReadString(element, maxLength, out value);
            case JsonValueKind.Number:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.Length > maxLength)
                {
                    value = null;
                    return FieldRead.TooLong;
                }

                value = Encoding.UTF8.GetString(raw);
                return FieldRead.Ok;
            case JsonValueKind.True:
                value = "true";
                return FieldRead.Ok;
            case JsonValueKind.False:
                value = "false";
                return FieldRead.Ok;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                value = null;
                return FieldRead.Absent;
            default:
                value = null;
                return FieldRead.WrongType;
        }
    }

    /// <summary>A property's name, when it is 1 to <paramref name="maxLength"/> characters of valid text.</summary>
    public static string? ReadName(JsonProperty property, int maxLength)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Length == 0 || raw.Length > (long)maxLength * MaxRawBytesPerChar)
        {
            return null;
        }

        try
        {
            var name = property.Name;
            return name.Length is > 0 && name.Length <= maxLength ? name : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// A point in time: an ISO 8601 string with an explicit offset ("2026-11-22T10:00:00Z", "...+01:00"), or Unix
    /// seconds as a JSON number (fractions allowed). A string without an offset is <see cref="FieldRead.Invalid"/>:
    /// its zone would be a guess.
    /// </summary>
    public static FieldRead ReadTime(JsonElement item, string name, out DateTimeOffset? value)
    {
        value = null;
        if (!TryGet(item, name, out var element))
        {
            return FieldRead.Absent;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return FieldRead.Absent;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var seconds))
                {
                    if (seconds is < MinUnixSeconds or > MaxUnixSeconds)
                    {
                        return FieldRead.Invalid;
                    }

                    value = DateTimeOffset.FromUnixTimeSeconds(seconds);
                    return FieldRead.Ok;
                }

                if (element.TryGetDouble(out var fractional) && double.IsFinite(fractional)
                    && fractional is >= MinUnixSeconds and <= MaxUnixSeconds)
                {
                    value = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(fractional * 1000, MidpointRounding.AwayFromZero));
                    return FieldRead.Ok;
                }

                return FieldRead.Invalid;
            case JsonValueKind.String:
                var read = ReadString(element, MaxTimestampLength, out var text);
                if (read != FieldRead.Ok)
                {
                    return read == FieldRead.Absent ? FieldRead.Absent : FieldRead.Invalid;
                }

                if (!HasExplicitOffset(text!) || !element.TryGetDateTimeOffset(out var parsed))
                {
                    return FieldRead.Invalid;
                }

                value = parsed;
                return FieldRead.Ok;
            default:
                return FieldRead.WrongType;
        }
    }

    /// <summary>True when the time part (after 'T') ends in Z or carries a +/- offset.</summary>
    private static bool HasExplicitOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.Ordinal);
        if (time < 0)
        {
            return false;
        }

        var rest = text.AsSpan(time + 1);
        return rest.EndsWith('Z') || rest.EndsWith('z') || rest.IndexOfAny('+', '-') >= 0;
    }
}
