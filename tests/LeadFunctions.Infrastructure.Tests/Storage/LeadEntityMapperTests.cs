using System.Text.Json;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>An event's properties column read straight into the case-insensitive dictionary events carry.</summary>
public sealed class LeadEntityMapperTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<Dictionary<string, string>> Properties => new()
    {
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = "/pricing", ["emailId"] = "m-1" },
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["title"] = "\"quoted\" \\ back\\slash\n<tag> & é 日本 😀",
            ["empty"] = string.Empty,
            ["url"] = "https://example.com/a?b=1&c=%20",
            ["control"] = "\u0001\t\u001f",
        },
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["long"] = new string('x', 20_000) },
    };

    [Theory]
    [MemberData(nameof(Properties))]
    public void Properties_read_back_exactly_as_written_and_by_any_case(Dictionary<string, string> properties)
    {
        var written = new EngagementEvent { EventId = "e1", Type = "Page Viewed", OccurredAt = At, Properties = properties };

        var read = LeadEntityMapper.ToEvent(LeadEntityMapper.EventEntity("lead-1", new StoredEvent("canonical", written)));

        Assert.Equal(properties.OrderBy(p => p.Key, StringComparer.Ordinal), read.Properties.OrderBy(p => p.Key, StringComparer.Ordinal));
        foreach (var (name, value) in properties)
        {
            Assert.Equal(value, read.GetProperty(name.ToUpperInvariant()));
        }
    }

    [Fact]
    public void A_stored_null_property_is_left_out_and_the_others_kept()
    {
        var read = LeadEntityMapper.ToEvent(Row("""{"path":"/pricing","campaign":null}"""));

        Assert.Equal("/pricing", read.GetProperty("PATH"));
        Assert.False(read.Properties.ContainsKey("campaign"));
    }

    [Theory]
    [InlineData("""{"count":3}""")]
    [InlineData("""{"tags":["a"]}""")]
    [InlineData("""["path"]""")]
    [InlineData("""{"path":"/pricing" """)]
    public void A_properties_column_that_is_not_an_object_of_strings_is_refused(string column) =>
        Assert.ThrowsAny<JsonException>(() => LeadEntityMapper.ToEvent(Row(column)));

    private static TableEntity Row(string properties) => new("lead-1", "canonical|e1")
    {
        ["EventId"] = "e1",
        ["Type"] = "Page Viewed",
        ["OccurredAt"] = At,
        ["Properties"] = properties,
    };
}
