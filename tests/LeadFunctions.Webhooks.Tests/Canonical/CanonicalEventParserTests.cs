using System.Globalization;
using System.Text;
using LeadFunctions.Engagement;
using LeadFunctions.Scoring;
using LeadFunctions.Webhooks.Canonical;
using static LeadFunctions.Webhooks.Tests.TestData;

namespace LeadFunctions.Webhooks.Tests.Canonical;

public sealed class CanonicalEventParserTests
{
    private const string LeadId = "0193a0b2c3d47e8f9a0b1c2d3e4f5a6b";

    [Fact]
    public void Accepts_one_event_object_with_a_normalized_email_and_string_properties()
    {
        var result = Parse("""
            {"eventId":"e-1","email":"  Ada@Example.COM ","type":"Content Downloaded","occurredAt":"2026-11-22T10:00:00+01:00",
             "properties":{"contentId":"whitepaper-7","pages":42,"ratio":0.5,"big":1e400,
               "gated":true,"draft":false,"note":null,"Email":"x@y.com"}}
            """);

        var accepted = SingleAccepted(result);
        Assert.Equal("api", accepted.Source);
        Assert.Equal("ada@example.com", accepted.Lead.Email);
        Assert.Null(accepted.Lead.LeadId);
        Assert.Equal("e-1", accepted.Event.EventId);
        Assert.Equal("Content Downloaded", accepted.Event.Type);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero), accepted.Event.OccurredAt);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["contentId"] = "whitepaper-7", ["pages"] = "42", ["ratio"] = "0.5", ["big"] = "1e400",
                ["gated"] = "true", ["draft"] = "false",
            },
            accepted.Event.Properties);
        Assert.Equal("whitepaper-7", accepted.Event.GetProperty("CONTENTID"));
        Assert.Null(accepted.Traits);
    }

    [Fact]
    public void Accepts_an_array_of_events_in_order()
    {
        var result = Parse(Batch(3));

        Assert.True(result.IsValid);
        Assert.Equal(["e-0", "e-1", "e-2"], result.Events.Accepted.Select(item => item.Event.EventId));
        Assert.Empty(result.Events.Rejected);
        Assert.Equal(0, result.Duplicates);
    }

    [Fact]
    public void Accepts_an_event_about_a_lead_id()
    {
        var accepted = SingleAccepted(Parse(
            $$"""{"eventId":"e-1","leadId":"{{LeadId}}","type":"Trial Started","occurredAt":"2026-11-22T11:00:00Z"}"""));

        Assert.Equal(LeadId, accepted.Lead.LeadId);
        Assert.Null(accepted.Lead.Email);
    }

    [Theory]
    [InlineData("1795348800", 1795348800_000)]
    [InlineData("1795348800.25", 1795348800_250)]
    [InlineData("\"2026-11-22T12:00:00.250Z\"", 1795348800_250)]
    [InlineData("\"2026-11-22T07:00:00-05:00\"", 1795348800_000)]
    public void Reads_occurredAt_as_iso_8601_with_an_offset_or_unix_seconds(string occurredAt, long unixMilliseconds)
    {
        var accepted = SingleAccepted(Parse(Event(occurredAt: occurredAt)));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds), accepted.Event.OccurredAt);
    }

    [Theory]
    [InlineData("\"2026-11-22T10:00:00\"")]
    [InlineData("\"2026-11-22\"")]
    [InlineData("\"22/11/2026 10:00\"")]
    [InlineData("\"yesterday\"")]
    [InlineData("1e30")]
    [InlineData("-99999999999999")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Rejects_an_occurredAt_it_cannot_read(string occurredAt)
    {
        var rejected = SingleRejection(Parse(Event(occurredAt: occurredAt)));

        Assert.Equal("occurredAt: is not ISO 8601 with an offset (2026-11-22T10:00:00Z) or Unix seconds", rejected.Reason);
        Assert.Equal("e-1", rejected.EventId);
        Assert.Equal(0, rejected.Index);
    }

    [Fact]
    public void Rejects_an_event_without_occurredAt()
    {
        var rejected = SingleRejection(Parse("""{"eventId":"e-1","email":"ada@example.com","type":"Demo Requested"}"""));

        Assert.StartsWith("occurredAt: is required", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_event_more_than_a_day_in_the_future_and_one_older_than_three_years()
    {
        var result = Parse(
            $"[{Event("e-1", occurredAt: Json(Now.AddHours(25)))}," +
            $"{Event("e-2", occurredAt: Json(Now.AddDays(-3 * 365 - 1)))}," +
            $"{Event("e-3", occurredAt: Json(Now.AddHours(23)))}]");

        Assert.True(result.IsValid);
        Assert.Equal("e-3", Assert.Single(result.Events.Accepted).Event.EventId);
        Assert.Equal(
            ["occurredAt: is more than 24 hours in the future", "occurredAt: is more than 1095 days in the past"],
            result.Events.Rejected.Select(item => item.Reason));
    }

    [Fact]
    public void Rejects_an_event_type_the_scoring_model_does_not_know()
    {
        var rejected = SingleRejection(Parse(Event(type: "Webinar Watched Twice")));

        Assert.Equal($"type: is not an event type of scoring model {ScoringModel.Default.Version}", rejected.Reason);
    }

    [Fact]
    public void Accepts_the_model_event_types_in_any_letter_case()
    {
        Assert.Equal("demo requested", SingleAccepted(Parse(Event(type: "demo requested"))).Event.Type);
    }

    [Theory]
    [InlineData("\"ada.example.com\"", "email: is not an email address")]
    [InlineData("\"ada@localhost\"", "email: has no valid domain")]
    [InlineData("\"ada lovelace@example.com\"", "email: contains characters an email address cannot have")]
    [InlineData("\"\"", "email: is required")]
    [InlineData("42", "email: must be a string")]
    public void Rejects_an_email_address_it_cannot_use(string email, string reason)
    {
        var rejected = SingleRejection(Parse(
            $$"""{"eventId":"e-1","email":{{email}},"type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"}"""));

        Assert.Equal(reason, rejected.Reason);
    }

    [Theory]
    [InlineData("ada@mailinator.com")]
    [InlineData("ada@eu.mailinator.com")]
    [InlineData("ADA@YOPMAIL.COM")]
    public void Rejects_events_of_disposable_addresses_as_capture_does(string email)
    {
        var rejected = SingleRejection(Parse(Event(email: email)));

        Assert.Equal("email: uses a disposable email domain", rejected.Reason);
        Assert.DoesNotContain("mailinator", rejected.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Requires_exactly_one_of_email_and_lead_id()
    {
        var result = Parse($$"""
            [{"eventId":"e-1","email":"ada@example.com","leadId":"{{LeadId}}","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-2","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-3","leadId":null,"email":null,"type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"}]
            """);

        Assert.Equal(
            [
                "lead: give either email or leadId, not both",
                "lead: email, leadId or anonymousId is required",
                "lead: email, leadId or anonymousId is required",
            ],
            result.Events!.Rejected.Select(item => item.Reason));
    }

    [Fact]
    public void Accepts_an_event_of_an_anonymous_visitor_with_only_its_anonymous_id()
    {
        var accepted = SingleAccepted(Parse(
            """{"eventId":"e-1","anonymousId":"ajs-7f3c","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z","properties":{"path":"/pricing"}}"""));

        Assert.True(accepted.Lead.IsAnonymous);
        Assert.Equal("ajs-7f3c", accepted.Lead.AnonymousId);
        Assert.Equal((null, null), (accepted.Lead.Email, accepted.Lead.LeadId));
    }

    [Fact]
    public void An_event_with_an_email_or_a_lead_id_and_an_anonymous_id_identifies_the_visitor()
    {
        var result = Parse($$"""
            [{"eventId":"e-1","email":"ada@example.com","anonymousId":"ajs-1","type":"Form Submitted","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-2","leadId":"{{LeadId}}","anonymousId":"ajs-2","type":"Trial Started","occurredAt":"2026-11-22T10:00:00Z"}]
            """);

        Assert.Equal(
            [("ada@example.com", null, "ajs-1"), (null, LeadId, "ajs-2")],
            result.Events!.Accepted.Select(item => (item.Lead.Email, item.Lead.LeadId, item.Lead.AnonymousId)));
    }

    [Fact]
    public void Rejects_an_anonymous_id_over_128_characters_or_with_control_characters_per_item()
    {
        var result = Parse($$"""
            [{"eventId":"e-1","anonymousId":"{{new string('a', 129)}}","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-2","anonymousId":"a\u001bb","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-3","email":"ada@example.com","anonymousId":"a\nb","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-4","anonymousId":["a"],"type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-5","anonymousId":"{{new string('a', 128)}}","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z"}]
            """);

        Assert.Equal(
            [
                (0, "anonymousId: must be 1-128 characters without control characters"),
                (1, "anonymousId: must be 1-128 characters without control characters"),
                (2, "anonymousId: must be 1-128 characters without control characters"),
                (3, "anonymousId: must be a string"),
            ],
            result.Events!.Rejected.Select(item => (item.Index, item.Reason)));
        Assert.Equal("e-5", Assert.Single(result.Events.Accepted).Event.EventId);
    }

    [Fact]
    public void Refuses_a_visitor_identifying_with_a_disposable_address()
    {
        var rejected = SingleRejection(Parse(
            """{"eventId":"e-1","email":"ada@yopmail.com","anonymousId":"ajs-1","type":"Form Submitted","occurredAt":"2026-11-22T10:00:00Z"}"""));

        Assert.Equal("email: uses a disposable email domain", rejected.Reason);
    }

    [Theory]
    [InlineData("x' or PartitionKey ne '")]
    [InlineData("0193A0B2C3D47E8F9A0B1C2D3E4F5A6B")]
    [InlineData("0193a0b2c3d47e8f9a0b1c2d3e4f5a6")]
    [InlineData("../../leads")]
    public void Rejects_a_lead_id_that_is_not_shaped_like_one(string leadId)
    {
        var rejected = SingleRejection(Parse($$"""
            {"eventId":"e-1","leadId":{{System.Text.Json.JsonSerializer.Serialize(leadId)}},
             "type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"}
            """));

        Assert.Equal("leadId: is not a lead id (32 lower-case hex characters)", rejected.Reason);
    }

    [Fact]
    public void Keeps_an_event_id_with_quotes_and_odata_operators_as_an_opaque_id()
    {
        const string hostile = "x' or PartitionKey ne '";

        var accepted = SingleAccepted(Parse(Event(eventId: hostile)));

        Assert.Equal(hostile, accepted.Event.EventId);
    }

    [Fact]
    public void Reports_every_problem_of_an_item_in_one_reason()
    {
        var rejected = SingleRejection(Parse("""{"eventId":"","email":"nope","type":"Nope","occurredAt":"later"}"""));

        Assert.Equal(
            "occurredAt: is not ISO 8601 with an offset (2026-11-22T10:00:00Z) or Unix seconds; eventId: is required; "
            + $"type: is not an event type of scoring model {ScoringModel.Default.Version}; email: is not an email address",
            rejected.Reason);
        Assert.Null(rejected.EventId);
    }

    [Theory]
    [InlineData(
        """{"eventId":7,"email":"ada@example.com","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"}""",
        "eventId: must be a string")]
    [InlineData(
        """{"eventId":"e-1","email":"ada@example.com","type":["Demo Requested"],"occurredAt":"2026-11-22T10:00:00Z"}""",
        "type: must be a string")]
    [InlineData(
        """{"eventId":"e-1","email":"ada@example.com","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z","properties":""" +
        """[]}""",
        "properties: must be an object")]
    [InlineData(
        """{"eventId":"e-1","email":"ada@example.com","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z","properties":""" +
        """{"a":{"b":1}}}""",
        "properties: values must be strings, numbers or booleans (nested objects and arrays are not accepted)")]
    [InlineData(
        """{"eventId":"e-1","email":"ada@example.com","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z","properties":""" +
        """{"a":[1]}}""",
        "properties: values must be strings, numbers or booleans (nested objects and arrays are not accepted)")]
    [InlineData(
        """{"eventId":"e-1","email":"ada@example.com","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z","properties":""" +
        """{"":"x"}}""",
        "properties: names must be 1-100 characters and values at most 2000")]
    public void Rejects_fields_of_the_wrong_type(string item, string reason)
    {
        Assert.Equal(reason, SingleRejection(Parse(item)).Reason);
    }

    [Fact]
    public void Rejects_more_than_fifty_properties_and_over_long_names_or_values()
    {
        var many = string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"p{i}\":{i}"));
        var result = Parse($$"""
            [{{Event("e-1", properties: "{" + many + "}")}},
             {{Event("e-2", properties: $"{{\"{new string('n', 101)}\":1}}")}},
             {{Event("e-3", properties: $"{{\"v\":\"{new string('v', 2_001)}\"}}")}},
             {{Event("e-4", properties: $"{{\"v\":\"{new string('v', 2_000)}\"}}")}}]
            """);

        Assert.Equal(
            [
                "properties: has 51 entries; at most 50 are accepted",
                "properties: names must be 1-100 characters and values at most 2000",
                "properties: names must be 1-100 characters and values at most 2000",
            ],
            result.Events!.Rejected.Select(item => item.Reason));
        Assert.Equal("e-4", Assert.Single(result.Events.Accepted).Event.EventId);
    }

    [Fact]
    public void Rejects_items_that_are_not_objects_and_keeps_the_others()
    {
        var result = Parse($"[1,\"text\",null,[],{Event("e-4")}]");

        Assert.Equal([0, 1, 2, 3], result.Events!.Rejected.Select(item => item.Index));
        Assert.All(result.Events.Rejected, item => Assert.Equal("item: is not a JSON object", item.Reason));
        Assert.Equal("e-4", Assert.Single(result.Events.Accepted).Event.EventId);
    }

    [Fact]
    public void Keeps_the_first_of_several_items_with_one_event_id_and_counts_the_rest_as_duplicates()
    {
        var result = Parse(
            $"[{Event("e-1", type: "Nope")},{Event("e-1", type: "Demo Requested")},{Event("e-1", type: "Trial Started")}," +
            $"{Event("e-2")},{Event("E-1")}]");

        Assert.True(result.IsValid);
        Assert.Equal(["e-1", "e-2", "E-1"], result.Events.Accepted.Select(item => item.Event.EventId));
        Assert.Equal("Demo Requested", result.Events.Accepted[0].Event.Type);
        Assert.Equal(1, result.Duplicates);
        Assert.Equal(0, Assert.Single(result.Events.Rejected).Index);
    }

    [Fact]
    public void Accepts_a_batch_of_one_thousand_events()
    {
        var result = Parse(Batch(1_000));

        Assert.True(result.IsValid);
        Assert.Equal(1_000, result.Events.Accepted.Count);
    }

    [Fact]
    public void Refuses_a_batch_of_one_thousand_and_one_events_as_a_whole()
    {
        var result = Parse(Batch(1_001));

        Assert.False(result.IsValid);
        Assert.Null(result.Events);
        Assert.Equal("A request holds at most 1,000 events; this one has 1,001.", result.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"eventId\":")]
    [InlineData("[{}]]")]
    [InlineData("{\"a\":1,}")]
    [InlineData("/* comment */ {}")]
    public void Refuses_a_body_that_is_not_json_as_a_whole(string body)
    {
        var result = Parse(body);

        Assert.False(result.IsValid);
        Assert.Equal("The body is not valid UTF-8 JSON, or it is nested deeper than 32 levels.", result.Error);
    }

    [Fact]
    public void Refuses_a_body_that_is_not_utf8_as_a_whole()
    {
        var result = new CanonicalEventParser(ScoringModel.Default, Clock()).Parse(new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"' });

        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void Refuses_a_body_that_is_neither_an_object_nor_an_array(string body)
    {
        Assert.Equal("The body must be an event object or an array of event objects.", Parse(body).Error);
    }

    [Fact]
    public void Refuses_deep_nesting_as_a_whole_without_recursing_into_it()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        var nestedProperties = Event(properties: "{\"a\":" + new string('[', 40) + new string(']', 40) + "}");

        Assert.False(Parse(deep).IsValid);
        Assert.False(Parse(nestedProperties).IsValid);
    }

    [Fact]
    public void Accepts_a_body_that_starts_with_a_utf8_byte_order_mark()
    {
        var body = Encoding.UTF8.GetPreamble().Concat(Utf8(Event())).ToArray();

        Assert.Single(new CanonicalEventParser(ScoringModel.Default, Clock()).Parse(body).Events!.Accepted);
    }

    [Fact]
    public void Survives_ten_megabyte_strings_in_every_field()
    {
        var huge = new string('a', 10 * 1024 * 1024);
        var result = Parse($$"""
            [{"eventId":"{{huge}}","email":"ada@example.com","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-2","email":"{{huge}}@example.com","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-3","email":"ada@example.com","type":"{{huge}}","occurredAt":"2026-11-22T10:00:00Z"},
             {"eventId":"e-4","email":"ada@example.com","type":"Demo Requested","occurredAt":"{{huge}}"},
             {"eventId":"e-5","email":"ada@example.com","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z",
              "properties":{"p":"{{huge}}"} },
             {"eventId":"e-6","leadId":"{{huge}}","type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"}]
            """);

        Assert.True(result.IsValid);
        Assert.Empty(result.Events.Accepted);
        Assert.Equal(
            [
                "eventId: must be at most 200 characters",
                "email: must be at most 254 characters",
                $"type: is not an event type of scoring model {ScoringModel.Default.Version}",
                "occurredAt: is not ISO 8601 with an offset (2026-11-22T10:00:00Z) or Unix seconds",
                "properties: names must be 1-100 characters and values at most 2000",
                "leadId: is not a lead id (32 lower-case hex characters)",
            ],
            result.Events.Rejected.Select(item => item.Reason));
        Assert.Null(result.Events.Rejected[0].EventId);
    }

    [Fact]
    public void Rejects_escaped_lone_surrogates_as_invalid_text_without_throwing()
    {
        var result = Parse($$"""
            [{{Event(eventId: "\\ud800")}},
             {{Event("e-2", email: "ada\\udfff@example.com")}},
             {{Event("e-3", properties: "{\"p\":\"\\ud800x\"}")}},
             {{Event("e-4", properties: "{\"\\ud800\":\"x\"}")}}]
            """);

        Assert.Equal(
            [
                "eventId: is not valid text",
                "email: is not valid text",
                "properties: values must be valid text",
                "properties: names must be 1-100 characters and values at most 2000",
            ],
            result.Events!.Rejected.Select(item => item.Reason));
    }

    [Fact]
    public void Rejects_control_characters_in_event_ids_and_never_echoes_them()
    {
        var rejected = SingleRejection(Parse(Event(eventId: "e-1\\u0000\\u001b[31m")));

        Assert.Equal("eventId: contains control characters", rejected.Reason);
        Assert.Null(rejected.EventId);
    }

    [Theory]
    [InlineData("ada@example.com-open-1")]
    [InlineData(
        "this-id-is-two-hundred-and-one-characters-long-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void Echoes_a_rejected_event_id_only_when_it_is_safe_to_return(string eventId)
    {
        var rejected = SingleRejection(Parse(Event(eventId: eventId, type: "Nope")));

        Assert.Null(rejected.EventId);
    }

    [Fact]
    public void Never_puts_an_email_address_in_a_rejection_reason()
    {
        string[] emails =
        [
            "ada.lovelace@example.com",
            "ada.lovelace@mailinator.com",
            "ada lovelace@example.com",
            "ada.lovelace@example",
            "<ada.lovelace@example.com>",
        ];
        var items = emails.Select((email, i) => Event($"e-{i}", email: email, type: i == 0 ? "Nope" : "Demo Requested"))
            .Append($$"""
                {"eventId":"e-9","email":"ada.lovelace@example.com","leadId":"{{LeadId}}",
                 "type":"Demo Requested","occurredAt":"2026-11-22T10:00:00Z"}
                """);

        var result = Parse("[" + string.Join(",", items) + "]");

        Assert.Equal(emails.Length + 1, result.Events!.Rejected.Count);
        Assert.All(Reasons(result), reason =>
        {
            Assert.DoesNotContain("lovelace", reason, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("@", reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Hands_on_the_optional_user_agent_and_never_keeps_it_as_a_property()
    {
        const string Headless = "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0.0.0 Safari/537.36";
        var result = Parse($$$"""
            [{"eventId":"e-1","email":"ada@example.com","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z",
              "userAgent":"{{{Headless}}}","properties":{"path":"/pricing","userAgent":"curl/8.5.0"}},
             {"eventId":"e-2","email":"ada@example.com","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z",
              "properties":{"path":"/pricing","UserAgent":"curl/8.5.0"}},
             {{{Event("e-3")}}}]
            """);

        Assert.Equal([Headless, "curl/8.5.0", null], result.Events!.Accepted.Select(item => item.UserAgent));
        Assert.All(result.Events.Accepted, item => Assert.DoesNotContain(
            item.Event.Properties.Keys, key => key.Equals("userAgent", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("/pricing", result.Events.Accepted[1].Event.GetProperty("path"));
    }

    [Theory]
    [InlineData("42", "userAgent: must be a string")]
    [InlineData("\"\\ud800\"", "userAgent: is not valid text")]
    public void Rejects_a_user_agent_that_is_not_text(string userAgent, string reason)
    {
        var item = $$$"""{"eventId":"e-1","email":"ada@example.com","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z","userAgent":{{{userAgent}}}}""";

        Assert.Equal(reason, SingleRejection(Parse(item)).Reason);
    }

    [Fact]
    public void Rejects_a_user_agent_over_a_thousand_characters()
    {
        var item = $$"""{"eventId":"e-1","email":"ada@example.com","type":"Page Viewed","occurredAt":"2026-11-22T10:00:00Z","userAgent":"{{new string('a', 1_001)}}"}""";

        Assert.Equal("userAgent: must be at most 1000 characters", SingleRejection(Parse(item)).Reason);
    }

    [Fact]
    public void Reads_now_from_its_time_provider()
    {
        var clock = Clock();
        var parser = new CanonicalEventParser(ScoringModel.Default, clock);
        var body = Utf8(Event(occurredAt: Json(Now.AddHours(30))));

        Assert.Empty(parser.Parse(body).Events!.Accepted);
        clock.Advance(TimeSpan.FromHours(7));
        Assert.Single(parser.Parse(body).Events!.Accepted);
    }

    private static PayloadParseResult Parse(string body) =>
        new CanonicalEventParser(ScoringModel.Default, Clock()).Parse(Utf8(body));

    private static string Json(DateTimeOffset at) => "\"" + at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\"";

    private static string Event(
        string eventId = "e-1",
        string email = "ada@example.com",
        string type = "Demo Requested",
        string occurredAt = "\"2026-11-22T10:00:00Z\"",
        string? properties = null) =>
        $$$"""{"eventId":"{{{eventId}}}","email":"{{{email}}}","type":"{{{type}}}","occurredAt":{{{occurredAt}}}""" +
        $$$"""{{{(properties is null ? "" : ",\"properties\":" + properties)}}}}""";

    private static string Batch(int count) =>
        "[" + string.Join(
            ",",
            Enumerable.Range(0, count)
                .Select(i => Event($"e-{i}", email: $"lead{i % 37}@example.com", properties: $"{{\"path\":\"/p/{i}\"}}"))) + "]";
}
