using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Azure;

namespace LeadFunctions.Storage.Tables;

/// <summary>
/// A table entity: a dictionary of property names to values, with <see cref="PartitionKey"/>,
/// <see cref="RowKey"/>, <see cref="Timestamp"/> and <see cref="ETag"/>, and typed getters.
/// </summary>
/// <remarks>
/// Values may be <see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/>, <see cref="DateTimeOffset"/> (or <see cref="DateTime"/>: local times are converted to UTC,
/// unspecified ones are taken as UTC), <see cref="Guid"/>, <c>byte[]</c> or <see cref="BinaryData"/>; an enum is
/// stored as its name. A null value is not sent (the service has no null properties). Entities read back carry
/// the service's types: Int32, Int64, Double, Boolean, DateTime (as <see cref="DateTimeOffset"/>), Guid,
/// Binary (as <c>byte[]</c>) and String. Not sealed so that callers may add typed accessors in a subclass.
/// </remarks>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Keeps the name of the official Azure.Data.Tables type.")]
public class TableEntity : IDictionary<string, object?>
{
    internal const string PartitionKeyName = "PartitionKey";
    internal const string RowKeyName = "RowKey";
    internal const string TimestampName = "Timestamp";

    private readonly Dictionary<string, object?> _properties;

    /// <summary>Creates an empty entity.</summary>
    public TableEntity()
    {
        _properties = new Dictionary<string, object?>(StringComparer.Ordinal);
    }

    /// <summary>Creates an entity with its keys.</summary>
    public TableEntity(string partitionKey, string rowKey)
        : this()
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    /// <summary>Creates an entity holding a copy of <paramref name="values"/>.</summary>
    public TableEntity(IDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _properties = new Dictionary<string, object?>(values, StringComparer.Ordinal);
    }

    /// <summary>The partition key: entities of one partition can be changed together in one transaction.</summary>
    public string PartitionKey
    {
        get => GetString(PartitionKeyName) ?? string.Empty;
        set => _properties[PartitionKeyName] = value;
    }

    /// <summary>The row key, unique within the partition.</summary>
    public string RowKey
    {
        get => GetString(RowKeyName) ?? string.Empty;
        set => _properties[RowKeyName] = value;
    }

    /// <summary>When the service last changed the entity (set by the service; never sent).</summary>
    public DateTimeOffset? Timestamp
    {
        get => GetDateTimeOffset(TimestampName);
        set => _properties[TimestampName] = value;
    }

    /// <summary>The entity's version, for optimistic concurrency (<see cref="TableClient.UpdateEntityAsync"/>).</summary>
    public ETag ETag { get; set; }

    /// <inheritdoc />
    public int Count => _properties.Count;

    /// <inheritdoc />
    public ICollection<string> Keys => _properties.Keys;

    /// <inheritdoc />
    public ICollection<object?> Values => _properties.Values;

    /// <inheritdoc />
    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    /// <summary>Gets or sets a property; getting a missing property returns null.</summary>
    public object? this[string key]
    {
        get => _properties.GetValueOrDefault(key);
        set => _properties[key] = value;
    }

    /// <summary>The string value of <paramref name="key"/>, or null when absent.</summary>
    public string? GetString(string key) => GetValue<string>(key);

    /// <summary>The Int32 value of <paramref name="key"/>, or null when absent.</summary>
    public int? GetInt32(string key) => GetStruct<int>(key);

    /// <summary>The Int64 value of <paramref name="key"/> (an Int32 widens), or null when absent.</summary>
    public long? GetInt64(string key) => _properties.GetValueOrDefault(key) switch
    {
        int value => value,
        _ => GetStruct<long>(key),
    };

    /// <summary>The Double value of <paramref name="key"/> (an Int32 widens), or null when absent.</summary>
    public double? GetDouble(string key) => _properties.GetValueOrDefault(key) switch
    {
        int value => value,
        float value => value,
        _ => GetStruct<double>(key),
    };

    /// <summary>The Boolean value of <paramref name="key"/>, or null when absent.</summary>
    public bool? GetBoolean(string key) => GetStruct<bool>(key);

    /// <summary>The DateTime value of <paramref name="key"/> as a <see cref="DateTimeOffset"/>, or null when absent.</summary>
    public DateTimeOffset? GetDateTimeOffset(string key) => _properties.GetValueOrDefault(key) switch
    {
        DateTime value => TableEntityJson.ToUtc(value),
        _ => GetStruct<DateTimeOffset>(key),
    };

    /// <summary>The DateTime value of <paramref name="key"/> as a UTC <see cref="DateTime"/>, or null when absent.</summary>
    public DateTime? GetDateTime(string key) => GetDateTimeOffset(key)?.UtcDateTime;

    /// <summary>The Guid value of <paramref name="key"/>, or null when absent.</summary>
    public Guid? GetGuid(string key) => GetStruct<Guid>(key);

    /// <summary>The Binary value of <paramref name="key"/>, or null when absent.</summary>
    public byte[]? GetBinary(string key) => _properties.GetValueOrDefault(key) switch
    {
        BinaryData value => value.ToArray(),
        _ => GetValue<byte[]>(key),
    };

    /// <summary>The Binary value of <paramref name="key"/> as <see cref="BinaryData"/>, or null when absent.</summary>
    public BinaryData? GetBinaryData(string key) => _properties.GetValueOrDefault(key) switch
    {
        byte[] value => new BinaryData(value),
        _ => GetValue<BinaryData>(key),
    };

    /// <inheritdoc />
    public void Add(string key, object? value) => _properties.Add(key, value);

    /// <inheritdoc />
    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    /// <inheritdoc />
    public bool Remove(string key) => _properties.Remove(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _properties.TryGetValue(key, out value);

    /// <inheritdoc />
    public void Clear() => _properties.Clear();

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    /// <inheritdoc />
    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);

    /// <inheritdoc />
    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);

    /// <inheritdoc />
    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);

    /// <summary>The properties in the order they were set, for the serializer (no enumerator boxing).</summary>
    internal Dictionary<string, object?> Properties => _properties;

    private T? GetValue<T>(string key)
        where T : class => _properties.GetValueOrDefault(key) switch
        {
            null => null,
            T value => value,
            object other => throw WrongType(key, typeof(T), other),
        };

    private T? GetStruct<T>(string key)
        where T : struct => _properties.GetValueOrDefault(key) switch
        {
            null => null,
            T value => value,
            object other => throw WrongType(key, typeof(T), other),
        };

    private static InvalidOperationException WrongType(string key, Type requested, object actual) =>
        new($"Property '{key}' holds a {actual.GetType().Name}, not a {requested.Name}.");
}
