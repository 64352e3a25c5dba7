using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;

namespace LeadFunctions.Storage.Tables;

/// <summary>
/// Reads and writes entities in the Table service's OData JSON. Writing annotates the types JSON cannot carry
/// (<c>Edm.Int64</c> as a string, <c>Edm.DateTime</c>, <c>Edm.Guid</c>, <c>Edm.Binary</c> as base64, and
/// <c>Edm.Double</c> for whole or non-finite doubles, which the service would otherwise store as Int32 or
/// reject). Reading expects <c>odata=minimalmetadata</c>, whose <c>Name@odata.type</c> annotations give those
/// types back; unannotated numbers are Int32 when integral, Double otherwise.
/// </summary>
internal static class TableEntityJson
{
    private const string ODataTypeSuffix = "@odata.type";

    private enum EdmType
    {
        None,
        String,
        Int32,
        Int64,
        Double,
        Boolean,
        DateTime,
        Guid,
        Binary,
    }

    public static void WriteEntity(Utf8JsonWriter writer, TableEntity entity)
    {
        writer.WriteStartObject();
        foreach (KeyValuePair<string, object?> property in entity.Properties)
        {
            // The service sets Timestamp; an entity read back and written again must not send it.
            if (!string.Equals(property.Key, TableEntity.TimestampName, StringComparison.Ordinal))
            {
                WriteProperty(writer, property.Key, property.Value);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Converts a <see cref="DateTime"/> to UTC: local times are converted, unspecified ones taken as UTC.</summary>
    public static DateTimeOffset ToUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(value.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero),
    };

    /// <summary>Reads a single-entity response body.</summary>
    public static T ReadEntity<T>(ReadOnlySpan<byte> json)
        where T : TableEntity, new()
    {
        var reader = new Utf8JsonReader(json);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        List<(string Name, EdmType Type)>? deferred = null;
        return ReadEntity<T>(ref reader, json, ref deferred);
    }

    /// <summary>Reads the <c>value</c> array of a query response body.</summary>
    public static List<T> ReadEntities<T>(ReadOnlySpan<byte> json)
        where T : TableEntity, new()
    {
        var entities = new List<T>();
        var reader = new Utf8JsonReader(json);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        List<(string Name, EdmType Type)>? deferred = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            Expect(reader.Read() && reader.TokenType == JsonTokenType.StartArray);
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                entities.Add(ReadEntity<T>(ref reader, json, ref deferred));
            }
        }

        return entities;
    }

    private static T ReadEntity<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref List<(string Name, EdmType Type)>? deferred)
        where T : TableEntity, new()
    {
        var entity = new T();
        Dictionary<string, object?> properties = entity.Properties;
        deferred?.Clear();

        // The annotation normally precedes its property: remember where its name lies in the input.
        int pendingStart = -1;
        int pendingLength = 0;
        EdmType pendingType = EdmType.None;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> rawName = reader.ValueSpan;
            if (!reader.ValueIsEscaped && rawName.EndsWith("@odata.type"u8))
            {
                int nameStart = checked((int)reader.TokenStartIndex) + 1;
                int nameLength = rawName.Length - ODataTypeSuffix.Length;
                Expect(reader.Read() && reader.TokenType == JsonTokenType.String);
                EdmType type = ParseEdmType(ref reader);
                if (nameLength > 0 && properties.Count > 0 && TryFindProperty(properties, json.Slice(nameStart, nameLength), out string? existing))
                {
                    (deferred ??= []).Add((existing, type));
                }
                else
                {
                    pendingStart = nameStart;
                    pendingLength = nameLength;
                    pendingType = type;
                }

                continue;
            }

            if (rawName.StartsWith("odata."u8))
            {
                bool isETag = reader.ValueTextEquals("odata.etag"u8);
                reader.Read();
                if (isETag && reader.TokenType == JsonTokenType.String)
                {
                    entity.ETag = new ETag(reader.GetString()!);
                }
                else
                {
                    reader.Skip();
                }

                continue;
            }

            string name = PropertyName(ref reader);
            EdmType declared = pendingStart >= 0 && reader.ValueTextEquals(json.Slice(pendingStart, pendingLength)) ? pendingType : EdmType.None;
            pendingStart = -1;
            reader.Read();
            object? value = ReadValue(ref reader, name, declared);
            if (value is not null)
            {
                properties[name] = value;
            }
        }

        if (deferred is { Count: > 0 })
        {
            foreach ((string name, EdmType type) in deferred)
            {
                properties[name] = Convert(properties[name], type, name);
            }
        }

        return entity;
    }

    private static object? ReadValue(ref Utf8JsonReader reader, string name, EdmType declared)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True:
            case JsonTokenType.False:
                return reader.GetBoolean();
            case JsonTokenType.Number:
                // Boxed per arm: a switch over int, long and double would otherwise widen them all to double.
                return declared switch
                {
                    EdmType.Int64 => (object)reader.GetInt64(),
                    EdmType.Double => (object)reader.GetDouble(),
                    _ => reader.TryGetInt32(out int int32) ? (object)int32 : (object)reader.GetDouble(),
                };
            case JsonTokenType.String:
                return declared switch
                {
                    EdmType.Int64 => ParseInt64(ref reader, name),
                    EdmType.Double => ParseDouble(reader.GetString()!, name),
                    EdmType.DateTime => reader.GetDateTimeOffset().ToUniversalTime(),
                    EdmType.Guid => reader.GetGuid(),
                    EdmType.Binary => reader.GetBytesFromBase64(),
                    EdmType.None when ReferenceEquals(name, TableEntity.TimestampName) => reader.GetDateTimeOffset().ToUniversalTime(),
                    _ => reader.GetString(),
                };
            default:
                reader.Skip();
                return null;
        }
    }

    private static object? Convert(object? value, EdmType type, string name) => (type, value) switch
    {
        (EdmType.Int64, string text) => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        (EdmType.Int64, int number) => (long)number,
        (EdmType.Double, string text) => ParseDouble(text, name),
        (EdmType.Double, int number) => (double)number,
        (EdmType.DateTime, string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        (EdmType.Guid, string text) => Guid.Parse(text, CultureInfo.InvariantCulture),
        (EdmType.Binary, string text) => System.Convert.FromBase64String(text),
        _ => value,
    };

    private static long ParseInt64(ref Utf8JsonReader reader, string name)
    {
        if (!reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out long value, out int consumed) && consumed == reader.ValueSpan.Length)
        {
            return value;
        }

        string text = reader.GetString()!;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            ? value
            : throw new FormatException($"Property '{name}' is declared Edm.Int64 but its value is not an integer.");
    }

    private static double ParseDouble(string text, string name) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new FormatException($"Property '{name}' is declared Edm.Double but its value is not a number."),
    };

    private static EdmType ParseEdmType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("Edm.Int64"u8) ? EdmType.Int64
        : reader.ValueTextEquals("Edm.DateTime"u8) ? EdmType.DateTime
        : reader.ValueTextEquals("Edm.Guid"u8) ? EdmType.Guid
        : reader.ValueTextEquals("Edm.Binary"u8) ? EdmType.Binary
        : reader.ValueTextEquals("Edm.Double"u8) ? EdmType.Double
        : reader.ValueTextEquals("Edm.Int32"u8) ? EdmType.Int32
        : reader.ValueTextEquals("Edm.Boolean"u8) ? EdmType.Boolean
        : reader.ValueTextEquals("Edm.String"u8) ? EdmType.String
        : EdmType.None;

    /// <summary>The property name, reusing the key-name constants so that they compare by reference.</summary>
    private static string PropertyName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("PartitionKey"u8) ? TableEntity.PartitionKeyName
        : reader.ValueTextEquals("RowKey"u8) ? TableEntity.RowKeyName
        : reader.ValueTextEquals("Timestamp"u8) ? TableEntity.TimestampName
        : reader.GetString()!;

    private static bool TryFindProperty(Dictionary<string, object?> properties, ReadOnlySpan<byte> utf8Name, out string name)
    {
        var lookup = properties.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[256];
        if (utf8Name.Length <= chars.Length)
        {
            int length = Encoding.UTF8.GetChars(utf8Name, chars);
            if (lookup.TryGetValue(chars[..length], out string? actual, out _))
            {
                name = actual;
                return true;
            }
        }

        name = string.Empty;
        return false;
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                writer.WriteString(name, text);
                return;
            case int number:
                writer.WriteNumber(name, number);
                return;
            case long number:
                WriteAnnotation(writer, name, "Edm.Int64"u8);
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(number, digits, out int written);
                writer.WriteString(name, digits[..written]);
                return;
            case double number:
                WriteDouble(writer, name, number);
                return;
            case float number:
                WriteDouble(writer, name, number);
                return;
            case bool flag:
                writer.WriteBoolean(name, flag);
                return;
            case DateTimeOffset time:
                WriteAnnotation(writer, name, "Edm.DateTime"u8);
                writer.WriteString(name, time.UtcDateTime);
                return;
            case DateTime time:
                WriteAnnotation(writer, name, "Edm.DateTime"u8);
                writer.WriteString(name, ToUtc(time).UtcDateTime);
                return;
            case Guid guid:
                WriteAnnotation(writer, name, "Edm.Guid"u8);
                writer.WriteString(name, guid);
                return;
            case byte[] bytes:
                WriteAnnotation(writer, name, "Edm.Binary"u8);
                writer.WriteBase64String(name, bytes);
                return;
            case BinaryData data:
                WriteAnnotation(writer, name, "Edm.Binary"u8);
                writer.WriteBase64String(name, data.ToMemory().Span);
                return;
            case Enum enumeration:
                writer.WriteString(name, enumeration.ToString());
                return;
            default:
                throw new NotSupportedException(
                    $"Property '{name}' holds a {value.GetType().Name}; Table storage stores string, int, long, double, bool, " +
                    "DateTimeOffset, DateTime, Guid, byte[] and BinaryData values.");
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, string name, double number)
    {
        if (!double.IsFinite(number))
        {
            WriteAnnotation(writer, name, "Edm.Double"u8);
            writer.WriteString(name, double.IsNaN(number) ? "NaN" : number > 0 ? "Infinity" : "-Infinity");
            return;
        }

        if (Math.Floor(number) == number)
        {
            // Written as "2" the service would store an Int32 (or reject a large value): declare the type.
            WriteAnnotation(writer, name, "Edm.Double"u8);
        }

        writer.WriteNumber(name, number);
    }

    private static void WriteAnnotation(Utf8JsonWriter writer, string name, ReadOnlySpan<byte> edmType)
    {
        int length = name.Length + ODataTypeSuffix.Length;
        Span<char> annotation = length <= 512 ? stackalloc char[length] : new char[length];
        name.CopyTo(annotation);
        ODataTypeSuffix.CopyTo(annotation[name.Length..]);
        writer.WriteString(annotation, edmType);
    }

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new FormatException("The Table service returned JSON of an unexpected shape.");
        }
    }
}
