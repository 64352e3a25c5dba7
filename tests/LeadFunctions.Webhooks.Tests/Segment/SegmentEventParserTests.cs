using LeadFunctions.Engagement;
using LeadFunctions.Scoring;
using LeadFunctions.Webhooks.Segment;
using static LeadFunctions.Webhooks.Tests.TestData;

namespace LeadFunctions.Webhooks.Tests.Segment;

public sealed class SegmentEventParserTests
{
    [Fact]
    public void Maps_a_track_message_to_its_event_name_with_flat_top_level_properties()
    {
        var accepted = SingleAccepted(Parse("""
            {"version":1,"type":"track","messageId":"ajs-1","userId":"u-1","event":"Demo Requested",
             "properties":{"plan":"team","seats":25,"trial":true,"email":"Ada@Example.com","products":[{"id":1}],
                           "address":{"city":"Paris"},"coupon":null},
             "context":{"ip":"203.0.113.9"},"timestamp":"2026-11-22T11:58:01.249Z","sentAt":"2026-11-22T11:59:00Z"}
            """));

        Assert.Equal("segment", accepted.Source);
        Assert.Equal("ada@example.com", accepted.Lead.Email);
        Assert.Equal("ajs-1", accepted.Event.EventId);
        Assert.Equal("Demo Requested", accepted.Event.Type);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 11, 58, 1, 249, TimeSpan.Zero), accepted.Event.OccurredAt);
        Assert.Equal(
            new Dictionary<string, string> { ["plan"] = "team", ["seats"] = "25", ["trial"] = "true" },
            accepted.Event.Properties);
        Assert.Null(accepted.Traits);
    }

    [Theory]
    [InlineData("Trial Started")]
    [InlineData("Email Opened")]
    [InlineData("Feature Used")]
    public void Accepts_track_events_named_in_the_scoring_model(string eventName)
    {
        Assert.Equal(eventName, SingleAccepted(Parse(Track(eventName))).Event.Type);
    }

    [Fact]
    public void Rejects_a_track_event_the_scoring_model_does_not_know_and_one_without_a_name()
    {
        var result = Parse($$"""
            {"batch":[{{Track("Order Completed")}},
              {"type":"track","messageId":"m-2","properties":{"email":"ada@example.com"},"timestamp":"2026-11-22T10:00:00Z"}]}
            """);

        Assert.Equal(
            [$"type: is not an event type of scoring model {ScoringModel.Default.Version}", "event: is required for a track message"],
            result.Events!.Rejected.Select(item => item.Reason));
    }

    [Fact]
    public void Maps_a_page_message_to_page_viewed_with_the_page_fields()
    {
        var accepted = SingleAccepted(Parse("""
            {"type":"page","messageId":"m-1","name":"Pricing","properties":{"path":"/pricing","title":"Pricing"},
             "context":{"traits":{"email":"ada@example.com"},
                        "page":{"path":"/ignored","url":"https://example.com/pricing",
                                "referrer":"https://search.example/","title":"Ignored"}},
             "timestamp":"2026-11-22T10:00:00Z"}
            """));

        Assert.Equal("Page Viewed", accepted.Event.Type);
        Assert.Equal("ada@example.com", accepted.Lead.Email);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["path"] = "/pricing", ["title"] = "Pricing", ["url"] = "https://example.com/pricing",
                ["referrer"] = "https://search.example/", ["name"] = "Pricing",
            },
            accepted.Event.Properties);
    }

    [Fact]
    public void Maps_an_identify_message_to_identify_and_the_lead_traits()
    {
        var accepted = SingleAccepted(Parse("""
            {"type":"identify","messageId":"m-1","userId":"u-1",
             "traits":{"email":"ada@example.com","first_name":"Ada","last_name":"Lovelace","title":"VP Engineering",
                       "company":{"name":"Analytical Engines","employee_count":250,"industry":"Software"},
                       "address":{"country":"GB","city":"London"},"phone":"+44 20 7946 0000","plan":"enterprise"},
             "timestamp":"2026-11-22T10:00:00Z"}
            """));

        Assert.Equal("Identify", accepted.Event.Type);
        Assert.Empty(accepted.Event.Properties);
        Assert.Equal(
            new LeadTraits
            {
                FirstName = "Ada", LastName = "Lovelace", JobTitle = "VP Engineering", Company = "Analytical Engines", CompanySize = 250,
                Industry = "Software", Country = "GB", Phone = "+44 20 7946 0000",
            },
            accepted.Traits);
    }

    [Fact]
    public void Reads_the_camel_case_and_flat_forms_of_the_traits()
    {
        var accepted = SingleAccepted(Parse("""
            {"type":"identify","messageId":"m-1","traits":{"email":"ada@example.com","firstName":" Ada ","lastName":"Lovelace",
             "jobTitle":"Founder","company":"Analytical Engines","employees":"1200","industry":"Fintech","country":"DE"},
             "timestamp":"2026-11-22T10:00:00Z"}
            """));

        Assert.Equal(
            new LeadTraits
            {
                FirstName = "Ada", LastName = "Lovelace", JobTitle = "Founder", Company = "Analytical Engines", CompanySize = 1200,
                Industry = "Fintech", Country = "DE",
            },
            accepted.Traits);
    }

    [Fact]
    public void Leaves_out_traits_that_the_profile_rules_would_refuse_but_keeps_the_event()
    {
        var accepted = SingleAccepted(Parse($$"""
            {"type":"identify","messageId":"m-1",
             "traits":{"email":"ada@example.com","firstName":"Ada\u0007","lastName":"{{new string('x', 300)}}",
             "employees":-5,"company":{"employee_count":12.5},"phone":"{{new string('1', 41)}}","title":{"text":"CEO"},"industry":"  "},
             "timestamp":"2026-11-22T10:00:00Z"}
            """));

        Assert.Equal("Identify", accepted.Event.Type);
        Assert.Null(accepted.Traits);
    }

    [Fact]
    public void Finds_the_email_in_traits_then_properties_then_context_traits()
    {
        var result = Parse("""
            {"batch":[
              {"type":"identify","messageId":"m-1","traits":{"email":"a@example.com"},
               "context":{"traits":{"email":"c@example.com"}},"timestamp":"2026-11-22T10:00:00Z"},
              {"type":"track","event":"Demo Requested","messageId":"m-2","properties":{"email":"b@example.com"},
               "context":{"traits":{"email":"c@example.com"}},"timestamp":"2026-11-22T10:00:00Z"},
              {"type":"track","event":"Demo Requested","messageId":"m-3","properties":{"email":null},
               "context":{"traits":{"email":"c@example.com"}},"timestamp":"2026-11-22T10:00:00Z"}]}
            """);

        Assert.Equal(["a@example.com", "b@example.com", "c@example.com"], result.Events!.Accepted.Select(item => item.Lead.Email));
    }

    [Fact]
    public void Rejects_a_message_with_only_a_user_id()
    {
        var rejected = SingleRejection(Parse(
            """{"type":"track","event":"Demo Requested","messageId":"m-1","userId":"u-1","timestamp":"2026-11-22T10:00:00Z"}"""));

        Assert.Equal("lead: no email or anonymousId to identify the lead", rejected.Reason);
        Assert.Equal("m-1", rejected.EventId);
    }

    [Fact]
    public void Keeps_a_page_call_with_only_an_anonymous_id_for_that_visitor()
    {
        // Segment's own complete example of a page call (spec: Page), without the userId this visitor does not have yet.
        var accepted = SingleAccepted(Parse("""
            {
              "anonymousId": "507f191e810c19729de860ea",
              "channel": "browser",
              "context": {
                "ip": "8.8.8.8",
                "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/40.0.2214.115 Safari/537.36",
                "page": {"path": "/pricing", "referrer": "", "search": "", "title": "Pricing | Initech", "url": "http://www.example.com/pricing"}
              },
              "integrations": {"All": true, "Mixpanel": false, "Salesforce": false},
              "messageId": "022bb90c-bbac-11e4-8dfc-aa07a5b093db",
              "name": "Pricing",
              "properties": {"title": "Pricing | Initech", "url": "http://www.example.com/pricing", "path": "/pricing"},
              "receivedAt": "2026-11-22T10:28:55.387Z",
              "sentAt": "2026-11-22T10:28:55.111Z",
              "timestamp": "2026-11-22T10:28:55.111Z",
              "type": "page",
              "version": "1.1"
            }
            """));

        Assert.True(accepted.Lead.IsAnonymous);
        Assert.Equal("507f191e810c19729de860ea", accepted.Lead.AnonymousId);
        Assert.Null(accepted.Lead.Email);
        Assert.Equal("Page Viewed", accepted.Event.Type);
        Assert.Equal("/pricing", accepted.Event.GetProperty("path"));
        Assert.Equal("022bb90c-bbac-11e4-8dfc-aa07a5b093db", accepted.Event.EventId);
        Assert.Equal("anonymous visitor", accepted.Lead.ToString());
    }

    [Fact]
    public void Keeps_a_track_call_with_only_an_anonymous_id_for_that_visitor()
    {
        // Shaped as Segment's complete example of a track call (spec: Track), with an event the model scores.
        var accepted = SingleAccepted(Parse("""
            {
              "anonymousId": "23adfd82-aa0f-45a7-a756-24f2a7a4c895",
              "context": {
                "library": {"name": "analytics.js", "version": "2.11.1"},
                "page": {"path": "/academy/", "referrer": "", "search": "", "title": "Analytics Academy", "url": "https://segment.com/academy/"},
                "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/46.0.2490.86 Safari/537.36",
                "ip": "108.0.78.21"
              },
              "event": "Content Downloaded",
              "integrations": {},
              "messageId": "ajs-f8ca1e4de5024d9430b3928bd8ac6b96",
              "properties": {"contentId": "buyers-guide"},
              "receivedAt": "2026-11-22T11:11:01.266Z",
              "sentAt": "2026-11-22T11:11:01.169Z",
              "timestamp": "2026-11-22T11:11:01.249Z",
              "type": "track",
              "originalTimestamp": "2026-11-22T11:11:01.152Z"
            }
            """));

        Assert.Equal("23adfd82-aa0f-45a7-a756-24f2a7a4c895", accepted.Lead.AnonymousId);
        Assert.True(accepted.Lead.IsAnonymous);
        Assert.Equal("Content Downloaded", accepted.Event.Type);
    }

    [Fact]
    public void An_identify_with_an_anonymous_id_and_an_email_identifies_the_visitor_as_the_lead()
    {
        // Segment's complete example of an identify call (spec: Identify): the anonymousId analytics.js kept so far,
        // the userId and traits the site now knows.
        var accepted = SingleAccepted(Parse("""
            {
              "anonymousId": "507f191e810c19729de860ea",
              "channel": "browser",
              "context": {"ip": "8.8.8.8", "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_5) AppleWebKit/537.36"},
              "integrations": {"All": false, "Mixpanel": true, "Salesforce": true},
              "messageId": "022bb90c-bbac-11e4-8dfc-aa07a5b093db",
              "receivedAt": "2026-11-22T10:28:55.387Z",
              "sentAt": "2026-11-22T10:28:55.111Z",
              "timestamp": "2026-11-22T10:28:55.111Z",
              "traits": {
                "name": "Peter Gibbons", "email": "peter@example.com", "plan": "premium", "logins": 5,
                "address": {"street": "6th St", "city": "San Francisco", "state": "CA", "postalCode": "94103", "country": "USA"}
              },
              "type": "identify",
              "userId": "97980cfea0067",
              "version": "1.1"
            }
            """));

        Assert.Equal("peter@example.com", accepted.Lead.Email);
        Assert.Equal("507f191e810c19729de860ea", accepted.Lead.AnonymousId);
        Assert.False(accepted.Lead.IsAnonymous);
        Assert.Equal("Identify", accepted.Event.Type);
    }

    [Fact]
    public void A_track_with_an_anonymous_id_and_an_email_identifies_the_visitor_too()
    {
        var accepted = SingleAccepted(Parse("""
            {"type":"track","event":"Demo Requested","messageId":"m-1","anonymousId":"anon-1",
             "context":{"traits":{"email":"ada@example.com"}},"timestamp":"2026-11-22T10:00:00Z"}
            """));

        Assert.Equal(("ada@example.com", "anon-1"), (accepted.Lead.Email, accepted.Lead.AnonymousId));
    }

    [Fact]
    public void Rejects_an_identify_with_only_an_anonymous_id_it_has_no_lead_to_join()
    {
        var rejected = SingleRejection(Parse("""
            {"type":"identify","messageId":"m-1","anonymousId":"507f191e810c19729de860ea",
             "traits":{"subscriptionStatus":"inactive"},"timestamp":"2026-11-22T10:00:00Z"}
            """));

        Assert.Equal("lead: an identify needs an email (traits.email) to identify the lead", rejected.Reason);
    }

    [Theory]
    [InlineData("\"anonymousId\":\"{LONG}\",", "anonymousId: must be 1-128 characters without control characters")]
    [InlineData("\"anonymousId\":\"{HUGE}\",", "anonymousId: must be 1-128 characters without control characters")]
    [InlineData("\"anonymousId\":\"anon\\u0000-1\",", "anonymousId: must be 1-128 characters without control characters")]
    [InlineData("\"anonymousId\":\"anon\\t1\",", "anonymousId: must be 1-128 characters without control characters")]
    [InlineData("\"anonymousId\":42,", "anonymousId: must be a string")]
    [InlineData("\"anonymousId\":\"  \",", "lead: no email or anonymousId to identify the lead")]
    public void Rejects_a_bad_anonymous_id_per_message(string field, string reason)
    {
        var body = """{"batch":[{"type":"page","messageId":"m-1",FIELD"properties":{"path":"/pricing"},"timestamp":"2026-11-22T10:00:00Z"},"""
            + """{"type":"page","messageId":"m-2","anonymousId":"fine","timestamp":"2026-11-22T10:00:00Z"}]}""";
        var result = Parse(body.Replace("FIELD", field.Replace("{LONG}", new string('a', 129), StringComparison.Ordinal)
            .Replace("{HUGE}", new string('a', 100_000), StringComparison.Ordinal), StringComparison.Ordinal));

        var rejected = Assert.Single(result.Events!.Rejected);
        Assert.Equal((0, "m-1", reason), (rejected.Index, rejected.EventId, rejected.Reason));
        Assert.Equal("fine", Assert.Single(result.Events.Accepted).Lead.AnonymousId);
    }

    [Fact]
    public void Accepts_an_anonymous_id_of_128_characters_trimmed()
    {
        var id = new string('7', 128);

        var accepted = SingleAccepted(Parse(
            $$"""{"type":"page","messageId":"m-1","anonymousId":" {{id}} ","timestamp":"2026-11-22T10:00:00Z"}"""));

        Assert.Equal(id, accepted.Lead.AnonymousId);
    }

    [Fact]
    public void Refuses_a_visitor_identifying_with_a_disposable_address_as_capture_refuses_it()
    {
        var rejected = SingleRejection(Parse("""
            {"type":"identify","messageId":"m-1","anonymousId":"anon-1","traits":{"email":"ada@mailinator.com"},
             "timestamp":"2026-11-22T10:00:00Z"}
            """));

        Assert.Equal("email: uses a disposable email domain", rejected.Reason);
    }

    [Theory]
    [InlineData("screen")]
    [InlineData("group")]
    [InlineData("alias")]
    [InlineData("delete")]
    public void Ignores_message_types_that_are_not_engagement(string type)
    {
        var result = Parse($$"""{"type":"{{type}}","messageId":"m-1","userId":"u-1","timestamp":"2026-11-22T10:00:00Z"}""");

        Assert.True(result.IsValid);
        Assert.Empty(result.Events.Accepted);
        Assert.Empty(result.Events.Rejected);
        Assert.Equal(1, result.Ignored);
    }

    [Theory]
    [InlineData("\"type\":\"purchase\",")]
    [InlineData("\"type\":7,")]
    [InlineData("")]
    public void Rejects_unknown_message_types(string type)
    {
        var rejected = SingleRejection(Parse(
            $$"""{{{type}}"messageId":"m-1","properties":{"email":"ada@example.com"},"timestamp":"2026-11-22T10:00:00Z"}"""));

        Assert.Equal("type: must be track, page or identify (screen, group, alias and delete are ignored)", rejected.Reason);
        Assert.Equal("m-1", rejected.EventId);
    }

    [Fact]
    public void Accepts_message_types_in_any_letter_case()
    {
        var accepted = SingleAccepted(Parse(
            """{"type":"Page","messageId":"m-1","properties":{"email":"ada@example.com"},"timestamp":"2026-11-22T10:00:00Z"}"""));

        Assert.Equal("Page Viewed", accepted.Event.Type);
    }

    [Fact]
    public void Falls_back_to_original_timestamp_but_never_to_sent_at()
    {
        var result = Parse("""
            {"batch":[
              {"type":"track","event":"Demo Requested","messageId":"m-1","properties":{"email":"ada@example.com"},
               "timestamp":null,"originalTimestamp":"2026-11-22T09:00:00+01:00","sentAt":"2026-11-22T11:00:00Z"},
              {"type":"track","event":"Demo Requested","messageId":"m-2","properties":{"email":"ada@example.com"},
               "sentAt":"2026-11-22T11:00:00Z"},
              {"type":"track","event":"Demo Requested","messageId":"m-3","properties":{"email":"ada@example.com"},
               "timestamp":"not a time","originalTimestamp":"2026-11-22T09:00:00Z"}]}
            """);

        Assert.Equal(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero), Assert.Single(result.Events!.Accepted).Event.OccurredAt);
        Assert.Equal(
            [
                "occurredAt: is required (ISO 8601 with an offset, or Unix seconds)",
                "timestamp: is not ISO 8601 with an offset (2026-11-22T10:00:00Z) or Unix seconds",
            ],
            result.Events.Rejected.Select(item => item.Reason));
    }

    [Fact]
    public void Keeps_the_first_message_of_a_message_id_and_counts_repeats_as_duplicates()
    {
        var result = Parse($$"""{"batch":[{{Track("Demo Requested")}},{{Track("Trial Started")}}]}""");

        Assert.Equal("Demo Requested", Assert.Single(result.Events!.Accepted).Event.Type);
        Assert.Equal(1, result.Duplicates);
    }

    [Fact]
    public void Refuses_bodies_that_are_not_a_message_or_a_batch()
    {
        Assert.Equal(
            "The body must be a Segment message object, or {\"batch\": [messages]}.",
            Parse($"[{Track("Demo Requested")}]").Error);
        Assert.Equal("The body's \"batch\" must be an array of Segment messages.", Parse("""{"batch":{"type":"track"}}""").Error);
        Assert.Equal("The body is not valid UTF-8 JSON, or it is nested deeper than 32 levels.", Parse("{\"type\":\"track\"").Error);
    }

    [Fact]
    public void Refuses_a_batch_of_more_than_one_thousand_messages()
    {
        var messages = string.Join(",", Enumerable.Repeat("{}", 1_001));

        Assert.Equal("A request holds at most 1,000 events; this one has 1,001.", Parse($$"""{"batch":[{{messages}}]}""").Error);
    }

    [Fact]
    public void Never_puts_an_email_address_in_a_rejection_reason()
    {
        var result = Parse("""
            {"batch":[
              {"type":"track","event":"Unknown Thing","messageId":"m-1","properties":{"email":"ada.lovelace@example.com"},
               "timestamp":"2026-11-22T10:00:00Z"},
              {"type":"track","event":"Demo Requested","messageId":"m-2","properties":{"email":"ada.lovelace@mailinator.com"},
               "timestamp":"2026-11-22T10:00:00Z"},
              {"type":"identify","messageId":"m-3","traits":{"email":"ada.lovelace(at)example.com"},"timestamp":"2026-11-22T10:00:00Z"},
              {"type":"identify","messageId":"ada.lovelace@example.com","traits":{"email":"ada.lovelace@example.com"}}]}
            """);

        Assert.Equal(4, result.Events!.Rejected.Count);
        Assert.All(result.Events.Rejected, item =>
        {
            Assert.DoesNotContain("lovelace", item.Reason, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("lovelace", item.EventId ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        });
    }

    /// <summary>A page and a track message as Segment's spec shows them: the user agent in <c>context.userAgent</c>.</summary>
    [Fact]
    public void Hands_on_context_user_agent_and_never_keeps_a_user_agent_as_a_property()
    {
        const string Agent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36";
        var result = Parse($$"""
            {"batch":[
              {"type":"page","messageId":"ajs-page","name":"Pricing","properties":{"path":"/pricing","url":"https://example.com/pricing"},
               "context":{"ip":"8.8.8.8","userAgent":"{{Agent}}","traits":{"email":"ada@example.com"},
                          "library":{"name":"analytics.js","version":"2.11.1"},"locale":"en-US"},
               "timestamp":"2026-11-22T10:00:00.000Z"},
              {"type":"track","event":"Content Downloaded","messageId":"ajs-track",
               "properties":{"email":"ada@example.com","contentId":"ebook-1","userAgent":"curl/8.5.0"},
               "context":{"userAgent":42},"timestamp":"2026-11-22T10:00:01.000Z"}]}
            """);

        Assert.Equal([Agent, null], result.Events!.Accepted.Select(item => item.UserAgent));
        Assert.Equal(
            new Dictionary<string, string> { ["contentId"] = "ebook-1" },
            result.Events.Accepted[1].Event.Properties);
        Assert.DoesNotContain(result.Events.Accepted[0].Event.Properties.Values, value => value.Contains("HeadlessChrome", StringComparison.Ordinal));
    }

    private static PayloadParseResult Parse(string body) =>
        new SegmentEventParser(ScoringModel.Default, Clock()).Parse(Utf8(body));

    private static string Track(string eventName) =>
        $$"""{"type":"track","event":"{{eventName}}","messageId":"m-1","properties":""" +
        """{"email":"ada@example.com"},"timestamp":"2026-11-22T10:00:00Z"}""";
}
