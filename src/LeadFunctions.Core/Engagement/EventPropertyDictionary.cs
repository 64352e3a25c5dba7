using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LeadFunctions.Engagement;

/// <summary>
/// An event's few properties as read back from storage: read-only, names compared ignoring case (as every event's are),
/// held as one array of pairs and looked up by a scan. An event carries one to a handful of properties, and a lead's
/// events are read by the hundred (every rescore, every page of a model job): a hash table per event cost four objects
/// and about 200 bytes where this costs two and 40 plus 16 a property. <see cref="Create"/> gives a
/// <see cref="Dictionary{TKey, TValue}"/> past <see cref="MaxScanned"/> properties.
/// </summary>
public sealed class EventPropertyDictionary : IReadOnlyDictionary<string, string>
{
    /// <summary>Up to this many properties are scanned; more go into a hash table.</summary>
    public const int MaxScanned = 8;

    private readonly KeyValuePair<string, string>[] _pairs;

    /// <summary>No properties (shared: it cannot change).</summary>
    public static IReadOnlyDictionary<string, string> Empty { get; } = new EventPropertyDictionary([]);

    private EventPropertyDictionary(KeyValuePair<string, string>[] pairs) => _pairs = pairs;

    public int Count => _pairs.Length;

    public IEnumerable<string> Keys => _pairs.Select(pair => pair.Key);

    public IEnumerable<string> Values => _pairs.Select(pair => pair.Value);

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException();

    /// <summary>
    /// The properties <paramref name="pairs"/> name, the last of two names that differ only in case winning (as a
    /// case-insensitive dictionary's indexer makes it). Takes ownership of the array.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Create(KeyValuePair<string, string>[] pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Length > MaxScanned)
        {
            var dictionary = new Dictionary<string, string>(pairs.Length, StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in pairs)
            {
                dictionary[key] = value;
            }

            return dictionary;
        }

        var count = pairs.Length;
        for (var i = 1; i < count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(pairs[i].Key, pairs[j].Key, StringComparison.OrdinalIgnoreCase))
                {
                    // A name met again keeps its first place and takes the later value.
                    pairs[j] = KeyValuePair.Create(pairs[j].Key, pairs[i].Value);
                    pairs.AsSpan(i + 1, count - i - 1).CopyTo(pairs.AsSpan(i));
                    count--;
                    i--;
                    break;
                }
            }
        }

        return new EventPropertyDictionary(count == pairs.Length ? pairs : pairs[..count]);
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _pairs[index].Value : null;
        return index >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var pairs = _pairs;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (string.Equals(pairs[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
