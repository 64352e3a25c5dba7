using LeadFunctions.Scoring;
using LeadFunctions.Webhooks.SendGrid;
using static LeadFunctions.Webhooks.Tests.TestData;

namespace LeadFunctions.Webhooks.Tests.SendGrid;

public sealed class SendGridEventParserTests
{
    private const string MessageId = "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0";

    [Theory]
    [InlineData("open", null, "Email Opened")]
    [InlineData("click", null, "Email Link Clicked")]
    [InlineData("bounce", "bounce", "Email Bounced")]
    [InlineData("bounce", null, "Email Bounced")]
    [InlineData("spamreport", null, "Email Marked as Spam")]
    [InlineData("unsubscribe", null, "Unsubscribed")]
    [InlineData("group_unsubscribe", null, "Unsubscribed")]
    [InlineData("delivered", null, "Email Delivered")]
    [InlineData("processed", null, "Email Sent")]
    [InlineData("dropped", null, "Email Dropped")]
    [InlineData("deferred", null, "Email Deferred")]
    public void Maps_each_sendgrid_event_to_the_model_vocabulary(string sendGridEvent, string? bounceType, string type)
    {
        var accepted = SingleAccepted(Parse($"[{Event(sendGridEvent, extra: bounceType is null ? "" : $",\"type\":\"{bounceType}\"")}]"));

        Assert.Equal(type, accepted.Event.Type);
        Assert.Equal("sendgrid", accepted.Source);
        Assert.Equal("ada@example.com", accepted.Lead.Email);
        Assert.Equal("sg-1", accepted.Event.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795341600), accepted.Event.OccurredAt);
        Assert.Equal("14c5d75ce93", accepted.Event.GetProperty("emailId"));
    }

    [Theory]
    [InlineData("group_resubscribe", "")]
    [InlineData("bounce", ",\"type\":\"blocked\"")]
    public void Ignores_events_that_are_not_engagement_or_not_about_the_address(string sendGridEvent, string extra)
    {
        var result = Parse($"[{Event(sendGridEvent, extra: extra)}]");

        Assert.True(result.IsValid);
        Assert.Empty(result.Events.Accepted);
        Assert.Empty(result.Events.Rejected);
        Assert.Equal(1, result.Ignored);
    }

    [Theory]
    [InlineData("machine_opened")]
    [InlineData("OPEN")]
    [InlineData("")]
    public void Rejects_an_event_it_does_not_support(string sendGridEvent)
    {
        var rejected = SingleRejection(Parse($"[{Event(sendGridEvent)}]"));

        Assert.Equal("event: unsupported SendGrid event", rejected.Reason);
        Assert.Equal("sg-1", rejected.EventId);
    }

    private const string Click =
        ",\"url\":\"https://example.com/pricing?utm_source=mail\",\"category\":[\"newsletter\",\"november\"]," +
        "\"ip\":\"203.0.113.9\",\"useragent\":\"Mozilla/5.0\"";

    [Fact]
    public void Keeps_the_clicked_url_the_categories_and_a_machine_open_flag()
    {
        var result = Parse($$"""
            [{{Event("click", "sg-1", extra: Click)}},
             {{Event("open", "sg-2", extra: ",\"sg_machine_open\":true,\"category\":\"newsletter\"")}},
             {{Event("group_unsubscribe", "sg-3", extra: ",\"asm_group_id\":42")}},
             {{Event("unsubscribe", "sg-4")}}]
            """);

        Assert.True(result.IsValid);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["emailId"] = "14c5d75ce93", ["url"] = "https://example.com/pricing?utm_source=mail", ["category"] = "newsletter,november",
            },
            result.Events.Accepted[0].Event.Properties);
        Assert.Equal(
            new Dictionary<string, string> { ["emailId"] = "14c5d75ce93", ["category"] = "newsletter", ["machineOpen"] = "true" },
            result.Events.Accepted[1].Event.Properties);
        Assert.Equal(
            new Dictionary<string, string> { ["emailId"] = "14c5d75ce93", ["unsubscribeScope"] = "group", ["groupId"] = "42" },
            result.Events.Accepted[2].Event.Properties);
        Assert.Equal("global", result.Events.Accepted[3].Event.GetProperty("unsubscribeScope"));
    }

    /// <summary>
    /// The events of one email as SendGrid's Event Webhook reference shows them (processed, delivered, an open by Apple Mail
    /// Privacy Protection, a click with its url, url_offset, user agent and ip): the delivery times the machine rules measure
    /// from, the machine-open flag, the link, and the user agent handed on for its family, never kept as a property.
    /// </summary>
    [Fact]
    public void Reads_what_the_machine_rules_need_from_the_documented_delivery_open_and_click_events()
    {
        const string Agent = "Mozilla/4.0 (compatible; MSIE 6.1; Windows XP; .NET CLR 1.1.4322; .NET CLR 2.0.50727)";
        var result = Parse($$$"""
            [
              {"email":"example@test.com","timestamp":1795341600,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
               "event":"processed","category":"cat facts","sg_event_id":"sg-processed","sg_message_id":"{{{MessageId}}}"},
              {"email":"example@test.com","timestamp":1795341601,"smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>",
               "event":"delivered","category":"cat facts","sg_event_id":"sg-delivered","sg_message_id":"{{{MessageId}}}",
               "response":"250 OK","ip":"168.1.1.1","tls":1},
              {"email":"example@test.com","timestamp":1795341602,"event":"open","sg_machine_open":true,"category":"cat facts",
               "sg_event_id":"sg-open","sg_message_id":"{{{MessageId}}}","useragent":"Mozilla/5.0","ip":"255.255.255.255"},
              {"email":"example@test.com","timestamp":1795341604,"event":"click","category":"cat facts","sg_event_id":"sg-click",
               "sg_message_id":"{{{MessageId}}}","useragent":"{{{Agent}}}","ip":"255.255.255.255",
               "url":"http://www.sendgrid.com/","url_offset":{"index":0,"type":"html"}}
            ]
            """);

        Assert.True(result.IsValid, result.Error);
        Assert.Empty(result.Events.Rejected);
        var (processed, delivered, open, click) =
            (result.Events.Accepted[0], result.Events.Accepted[1], result.Events.Accepted[2], result.Events.Accepted[3]);
        Assert.Equal(("Email Sent", "Email Delivered"), (processed.Event.Type, delivered.Event.Type));
        Assert.All(result.Events.Accepted, item => Assert.Equal("14c5d75ce93", item.Event.GetProperty("emailId")));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795341601), delivered.Event.OccurredAt);
        Assert.Equal("true", open.Event.GetProperty("machineOpen"));
        Assert.Equal("http://www.sendgrid.com/", click.Event.GetProperty("url"));
        Assert.Equal((Agent, "Mozilla/5.0", null), (click.UserAgent, open.UserAgent, delivered.UserAgent));
        Assert.All(result.Events.Accepted, item => Assert.DoesNotContain(
            item.Event.Properties, property => property.Key is "useragent" or "userAgent" or "ip" or "url_offset"));
        Assert.DoesNotContain(Agent, click.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(",\"useragent\":42")]
    [InlineData(",\"useragent\":null")]
    [InlineData(",\"useragent\":[\"x\"]")]
    [InlineData(",\"useragent\":\"\\ud800\"")]
    public void Keeps_an_event_whose_user_agent_cannot_be_read_without_one(string extra)
    {
        var accepted = SingleAccepted(Parse($"[{Event("click", extra: extra)}]"));

        Assert.Null(accepted.UserAgent);
        Assert.Equal("Email Link Clicked", accepted.Event.Type);
    }

    [Fact]
    public void Keeps_an_event_whose_user_agent_is_over_a_thousand_characters_without_one()
    {
        var accepted = SingleAccepted(Parse($"[{Event("click", extra: $",\"useragent\":\"{new string('a', 1_001)}\"")}]"));

        Assert.Null(accepted.UserAgent);
    }

    [Fact]
    public void Ignores_processed_events_when_the_model_has_no_email_sent_type()
    {
        var json = ScoringModelJson().Replace("\"Email Sent\", ", string.Empty, StringComparison.Ordinal);
        var model = ScoringModel.Parse(json);
        Assert.False(model.IsKnownEventType("Email Sent"));

        var result = new SendGridEventParser(model, Clock()).Parse(Utf8($"[{Event("processed")},{Event("delivered", "sg-2")}]"));

        Assert.Equal(1, result.Ignored);
        Assert.Equal("Email Delivered", SingleAccepted(result).Event.Type);
    }

    private static string ScoringModelJson()
    {
        using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream("LeadFunctions.Scoring.scoring-model.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData("LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0", "LRzXl_NHStOGhQ4kofSm_A")]
    [InlineData("LRzXl_NHStOGhQ4kofSm_A", "LRzXl_NHStOGhQ4kofSm_A")]
    [InlineData(".starts-with-a-dot", ".starts-with-a-dot")]
    public void Derives_the_email_id_from_the_part_of_sg_message_id_before_the_first_dot(string sgMessageId, string emailId)
    {
        Assert.Equal(emailId, SendGridEventParser.EmailId(sgMessageId));
    }

    [Fact]
    public void Gives_every_event_of_one_send_the_same_email_id_so_opens_count_once_per_email()
    {
        var result = Parse($$"""
            [{{Event("open", "sg-1", messageId: "abc123.filter-1.0")}},{{Event("open", "sg-2", messageId: "abc123.filter-1.0")}},
             {{Event("click", "sg-3", messageId: "abc123.filter-2.1")}}]
            """);

        Assert.All(result.Events!.Accepted, item => Assert.Equal("abc123", item.Event.GetProperty("emailId")));
    }

    [Fact]
    public void Parses_the_signed_post_of_sendgrids_library_fixture()
    {
        var parser = new SendGridEventParser(ScoringModel.Default, Clock(DateTimeOffset.FromUnixTimeSeconds(1600112502)));

        var result = parser.Parse(SendGridFixture.DroppedPost);

        var accepted = SingleAccepted(result);
        Assert.Equal("Email Dropped", accepted.Event.Type);
        Assert.Equal("ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA", accepted.Event.EventId);
        Assert.Equal("LRzXl_NHStOGhQ4kofSm_A", accepted.Event.GetProperty("emailId"));
        Assert.Equal("hello@world.com", accepted.Lead.Email);
        Assert.Null(accepted.Event.GetProperty("reason"));
    }

    [Fact]
    public void Rejects_an_event_without_an_email_address_or_event_id()
    {
        var result = Parse("""
            [{"event":"open","sg_event_id":"sg-1","timestamp":1795341600},
             {"event":"open","email":"ada@example.com","timestamp":1795341600}]
            """);

        Assert.Equal(["email: is required", "eventId: is required"], result.Events!.Rejected.Select(item => item.Reason));
    }

    [Fact]
    public void Rejects_events_of_disposable_addresses()
    {
        Assert.Equal(
            "email: uses a disposable email domain",
            SingleRejection(Parse($"[{Event("open", email: "ada@10minutemail.com")}]")).Reason);
    }

    [Fact]
    public void Keeps_the_first_event_of_an_sg_event_id_and_counts_repeats_as_duplicates()
    {
        var result = Parse($"[{Event("open", "sg-1")},{Event("open", "sg-1")},{Event("click", "sg-2")}]");

        Assert.Equal(["sg-1", "sg-2"], result.Events!.Accepted.Select(item => item.Event.EventId));
        Assert.Equal(1, result.Duplicates);
    }

    [Fact]
    public void Refuses_a_body_that_is_not_an_array_of_events()
    {
        Assert.Equal("The body must be an array of SendGrid events.", Parse(Event("open")).Error);
        Assert.Equal(
            "A request holds at most 1,000 events; this one has 1,001.",
            Parse("[" + string.Join(",", Enumerable.Repeat("{}", 1_001)) + "]").Error);
    }

    [Fact]
    public void Never_puts_an_email_address_in_a_rejection_reason()
    {
        var result = Parse(
            $"[{Event("open", email: "ada.lovelace@mailinator.com")},{Event("open", "sg-2", email: "ada.lovelace(at)example.com")}," +
            $"{Event("nope", "sg-3", email: "ada.lovelace@example.com")}]");

        Assert.Equal(3, result.Events!.Rejected.Count);
        Assert.All(Reasons(result), reason => Assert.DoesNotContain("lovelace", reason, StringComparison.OrdinalIgnoreCase));
    }

    private static PayloadParseResult Parse(string body) =>
        new SendGridEventParser(ScoringModel.Default, Clock()).Parse(Utf8(body));

    private static string Event(
        string sendGridEvent,
        string eventId = "sg-1",
        string email = "ada@example.com",
        string messageId = MessageId,
        string extra = "") =>
        $$"""
        {"email":"{{email}}","timestamp":1795341600,"event":"{{sendGridEvent}}","sg_event_id":"{{eventId}}",
         "sg_message_id":"{{messageId}}","smtp-id":"<14c5d75ce93.dfd.64b469@ismtpd-555>"{{extra}}}
        """;
}
