using System.Text;
using LeadFunctions.Http.Webhooks;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Tests.Http.Webhooks;

public sealed class EventPayloadsTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private static readonly EventPayloads Payloads = new(ScoringModel.Default, Clock);

    [Fact]
    public void Canonical_events_accept_iso_and_unix_timestamps_and_flatten_scalar_properties()
    {
        var (parsed, error) = Payloads.ParseCanonical(Bytes("""
            [{"eventId":"a","email":" Ada@Example.COM ","type":"Page Viewed","occurredAt":"2026-11-22T11:00:00+01:00","properties":{"path":"/pricing","n":3,"ok":true,"nested":{"x":1},"email":"secret@example.com"}},
             {"eventId":"b","leadId":"0123456789abcdef0123456789abcdef","type":"Email Opened","occurredAt":1795262400}]
            """));

        Assert.Null(error);
        Assert.Empty(parsed!.Rejected);
        var first = parsed.Accepted[0];
        Assert.Equal("ada@example.com", first.Lead.Email);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), first.Event.OccurredAt);
        Assert.Equal("3", first.Event.Properties["n"]);
        Assert.Equal("true", first.Event.Properties["ok"]);
        Assert.False(first.Event.Properties.ContainsKey("nested"));
        Assert.False(first.Event.Properties.ContainsKey("email"));
        Assert.Equal("0123456789abcdef0123456789abcdef", parsed.Accepted[1].Lead.LeadId);
        Assert.Equal("api", first.Source);
    }

    [Theory]
    [InlineData("""{"eventId":"a","email":"a@example.com","leadId":"0123456789abcdef0123456789abcdef","type":"Page Viewed","occurredAt":"2026-11-22T11:00:00Z"}""", "lead")]
    [InlineData("""{"eventId":"a","leadId":"x' or PartitionKey ne '","type":"Page Viewed","occurredAt":"2026-11-22T11:00:00Z"}""", "leadId")]
    [InlineData("""{"eventId":"a","email":"a@mailinator.com","type":"Page Viewed","occurredAt":"2026-11-22T11:00:00Z"}""", "disposable")]
    [InlineData("""{"eventId":"a","email":"a@example.com","type":"Page Viewed","occurredAt":"yesterday"}""", "occurredAt")]
    [InlineData("""{"eventId":"a","email":"a@example.com","type":"Page Viewed","occurredAt":"2026-11-25T11:00:00Z"}""", "future")]
    [InlineData("""{"email":"a@example.com","type":"Page Viewed","occurredAt":"2026-11-22T11:00:00Z"}""", "eventId")]
    [InlineData("""42""", "not an object")]
    public void Rejects_bad_items_with_a_reason_that_names_the_problem_and_no_personal_data(string item, string reasonPart)
    {
        var (parsed, error) = Payloads.ParseCanonical(Bytes("[" + item + "]"));

        Assert.Null(error);
        var rejected = Assert.Single(parsed!.Rejected);
        Assert.Contains(reasonPart, rejected.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", rejected.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("\"text\"")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public void Whole_body_errors_are_reported_as_such(string body)
    {
        var (parsed, error) = Payloads.ParseCanonical(Bytes(body));

        Assert.Null(parsed);
        Assert.NotNull(error);
    }

    [Fact]
    public void Segment_track_page_and_identify_map_to_events_and_traits()
    {
        var (parsed, _) = Payloads.ParseSegment(Bytes("""
            {"batch":[
              {"type":"track","messageId":"m1","event":"Trial Started","timestamp":"2026-11-22T11:00:00Z","context":{"traits":{"email":"ada@example.com"}}},
              {"type":"page","messageId":"m2","timestamp":"2026-11-22T11:00:00Z","properties":{"email":"ada@example.com"},"context":{"page":{"path":"/pricing"}}},
              {"type":"identify","messageId":"m3","timestamp":"2026-11-22T11:00:00Z","traits":{"email":"ada@example.com","first_name":"Ada","title":"CTO","company":{"name":"Analytical Engines","employee_count":250},"address":{"country":"GB"}}},
              {"type":"track","messageId":"m4","event":"Trial Started","timestamp":"2026-11-22T11:00:00Z","userId":"u-1"},
              {"type":"screen","messageId":"m5","timestamp":"2026-11-22T11:00:00Z"}
            ]}
            """));

        Assert.Equal(["Trial Started", "Page Viewed", "Identify"], parsed!.Accepted.Select(e => e.Event.Type));
        Assert.Equal("/pricing", parsed.Accepted[1].Event.Properties["path"]);
        var traits = parsed.Accepted[2].Traits!;
        Assert.Equal(("Ada", "CTO", "Analytical Engines", 250, "GB"), (traits.FirstName, traits.JobTitle, traits.Company, traits.CompanySize, traits.Country));
        Assert.Equal([3, 4], parsed.Rejected.Select(r => r.Index));
        Assert.All(parsed.Accepted, e => Assert.Equal("segment", e.Source));
    }

    [Fact]
    public void SendGrid_events_map_to_email_events_with_an_email_id_and_skip_non_engagement()
    {
        var (parsed, _) = Payloads.ParseSendGrid(Bytes("""
            [{"email":"ada@example.com","timestamp":1795258800,"event":"open","sg_event_id":"e1","sg_message_id":"abc123.filter0001.5"},
             {"email":"ada@example.com","timestamp":1795258800,"event":"click","sg_event_id":"e2","sg_message_id":"abc123.filter0001.5","url":"https://example.com/pricing"},
             {"email":"ada@example.com","timestamp":1795258800,"event":"bounce","type":"blocked","sg_event_id":"e3"},
             {"email":"ada@example.com","timestamp":1795258800,"event":"bounce","type":"bounce","sg_event_id":"e4"},
             {"email":"ada@example.com","timestamp":1795258800,"event":"processed","sg_event_id":"e5"},
             {"email":"ada@example.com","timestamp":1795258800,"event":"group_unsubscribe","sg_event_id":"e6"},
             {"email":"ada@example.com","timestamp":1795258800,"event":"martian","sg_event_id":"e7"}]
            """));

        Assert.Equal(["Email Opened", "Email Link Clicked", "Email Bounced", "Unsubscribed"], parsed!.Accepted.Select(e => e.Event.Type));
        Assert.Equal("abc123", parsed.Accepted[0].Event.Properties["emailId"]);
        Assert.Equal("https://example.com/pricing", parsed.Accepted[1].Event.Properties["url"]);
        Assert.Equal(6, Assert.Single(parsed.Rejected).Index);
    }

    [Fact]
    public void More_than_a_thousand_items_is_a_whole_body_error()
    {
        var body = "[" + string.Join(',', Enumerable.Repeat("{}", EventPayloads.MaxItems + 1)) + "]";

        Assert.NotNull(Payloads.ParseCanonical(Bytes(body)).Error);
        Assert.Null(Payloads.ParseCanonical(Bytes("[" + string.Join(',', Enumerable.Repeat("{}", EventPayloads.MaxItems)) + "]")).Error);
    }

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
