using LeadFunctions.Engagement;

namespace LeadFunctions.Core.Tests.Engagement;

/// <summary>
/// The compact property map events read from storage carry: it answers as the case-insensitive dictionary it replaces
/// (names ignoring case, the later of two names differing only in case winning in the first one's place, misses null).
/// </summary>
public sealed class EventPropertyDictionaryTests
{
    [Fact]
    public void Names_are_found_ignoring_case_and_a_miss_is_null()
    {
        var properties = EventPropertyDictionary.Create([Pair("path", "/pricing"), Pair("emailId", "m-1")]);
        var engagement = new EngagementEvent { EventId = "e", Type = "Page Viewed", OccurredAt = DateTimeOffset.UnixEpoch, Properties = properties };

        Assert.IsType<EventPropertyDictionary>(properties);
        Assert.Equal("/pricing", engagement.GetProperty("PATH"));
        Assert.Equal("m-1", properties["EMAILID"]);
        Assert.True(properties.ContainsKey("emailid"));
        Assert.Null(engagement.GetProperty("title"));
        Assert.False(properties.TryGetValue("title", out _));
        Assert.Throws<KeyNotFoundException>(() => properties["title"]);
        Assert.Equal(["path", "emailId"], properties.Keys);
        Assert.Equal(["/pricing", "m-1"], properties.Values);
    }

    [Fact]
    public void Names_differing_only_in_case_answer_as_a_case_insensitive_dictionary_does()
    {
        KeyValuePair<string, string>[] pairs = [Pair("Path", "/a"), Pair("title", "T"), Pair("PATH", "/b"), Pair("path", "/c"), Pair("x", "1")];
        var expected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in pairs)
        {
            expected[key] = value;
        }

        var properties = EventPropertyDictionary.Create([.. pairs]);

        Assert.Equal(expected, properties);
        Assert.Equal(expected.Count, properties.Count);
        Assert.Equal(expected.Keys, properties.Keys);
    }

    [Fact]
    public void More_properties_than_are_scanned_go_into_a_case_insensitive_dictionary()
    {
        var pairs = Enumerable.Range(0, EventPropertyDictionary.MaxScanned + 1).Select(n => Pair("p" + n, "v" + n)).ToArray();

        var properties = EventPropertyDictionary.Create(pairs);

        var dictionary = Assert.IsType<Dictionary<string, string>>(properties);
        Assert.Same(StringComparer.OrdinalIgnoreCase, dictionary.Comparer);
        Assert.Equal("v8", properties["P8"]);
        Assert.Empty(EventPropertyDictionary.Empty);
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => KeyValuePair.Create(key, value);
}
