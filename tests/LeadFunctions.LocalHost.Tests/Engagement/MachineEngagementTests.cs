using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.LocalHost.Tests.Sales;

namespace LeadFunctions.LocalHost.Tests.Engagement;

/// <summary>
/// Machine engagement end to end: SendGrid events posted as SendGrid posts them (signed, one batch) through the local
/// host, stored, rescored from the queue and left out of the score; the lead's API, the hand-off email and page, and the
/// funnel report say what was ignored and why.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class MachineEngagementTests(LocalHostFixture host)
{
    private const string Browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private const string Script = "python-requests/2.31.0";
    private const string AfterDelivery = "3 clicks ignored: clicked within 10 s of delivery (mail scanner)";

    [Fact]
    public async Task Scanner_clicks_and_privacy_proxy_opens_are_stored_shown_as_ignored_and_never_scored()
    {
        var email = $"scanned.{Guid.NewGuid():N}@northwind.example";
        var leadId = await CaptureAsync(email);
        var captured = await Eventually.GetAsync(() => HandedOffLead.GetLeadAsync(host, leadId), l => l?["eventCount"]?.GetValue<int>() == 1, "the form to be scored");
        var before = captured!["engagementScore"]!.GetValue<decimal>();
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var (messageA, messageB) = ($"msgA{leadId[..8]}.filterdrecv-p3mdw1-1.0", $"msgB{leadId[..8]}.filterdrecv-p3mdw1-2.0");

        using var posted = await host.Client.SendAsync(host.SignedSendGrid(Json(
            SendGrid(email, "processed", messageA, now - 3600, "p-a-" + leadId),
            SendGrid(email, "delivered", messageA, now - 3599, "d-a-" + leadId, ("response", "250 OK")),
            SendGrid(email, "open", messageA, now - 3598, "o-a-" + leadId, ("sg_machine_open", true), ("useragent", "Mozilla/5.0"), ("ip", "17.58.0.1")),
            Click(email, messageA, now - 3597, "c-a1-" + leadId, "https://example.com/pricing", Browser),
            Click(email, messageA, now - 3596, "c-a2-" + leadId, "https://example.com/blog", Browser),
            Click(email, messageA, now - 3591, "c-a3-" + leadId, "https://example.com/unsubscribe", Browser),
            SendGrid(email, "delivered", messageB, now - 7200, "d-b-" + leadId, ("response", "250 OK")),
            Click(email, messageB, now - 1800, "c-b1-" + leadId, "https://example.com/pricing", Script))));

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(8, (await posted.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!.GetValue<int>());
        var lead = await Eventually.GetAsync(
            () => HandedOffLead.GetLeadAsync(host, leadId),
            l => l?["ignoredEvents"]?.AsArray().Count == 3,
            "the machine events to be rescored");
        Assert.Equal(before, lead!["engagementScore"]!.GetValue<decimal>());
        Assert.Equal(4, lead["eventCount"]!.GetValue<int>()); // the form, processed and two deliveries: no open, no click
        Assert.Equal(
            [
                "1 open ignored: opened by Apple Mail Privacy Protection on delivery (sg_machine_open)",
                AfterDelivery,
                "1 click ignored: user agent of an automated client (python-requests)",
            ],
            lead["ignoredEvents"]!.AsArray().Select(group => group!["summary"]!.GetValue<string>()));
        var recent = lead["recentIgnoredEvents"]!.AsArray();
        Assert.Equal(
            ["c-b1", "c-a3", "c-a2", "c-a1", "o-a"],
            recent.Select(e => e!["eventId"]!.GetValue<string>().Replace("-" + leadId, string.Empty, StringComparison.Ordinal)));
        Assert.Equal("after-delivery", recent[1]!["ruleId"]!.GetValue<string>());
        Assert.Equal("clicked within 10 s of delivery (mail scanner)", recent[1]!["reason"]!.GetValue<string>());
        Assert.DoesNotContain(lead["recentEvents"]!.AsArray(), e => e!["source"]!.GetValue<string>().StartsWith("c-", StringComparison.Ordinal));
        Assert.DoesNotContain(Script, lead.ToJsonString(), StringComparison.Ordinal);

        // A person clicks the same email an hour after it arrived: the scanners' clicks took nothing from its
        // "once per email" limit, so it counts its 3 points.
        using var person = await host.Client.SendAsync(host.SignedSendGrid(Json(
            Click(email, messageA, now, "c-a4-" + leadId, "https://example.com/pricing", Browser))));
        Assert.Equal(HttpStatusCode.Accepted, person.StatusCode);
        var clicked = await Eventually.GetAsync(
            () => HandedOffLead.GetLeadAsync(host, leadId),
            l => l?["engagementScore"]?.GetValue<decimal>() != before,
            "the person's click to be scored");
        Assert.Equal(before + 3, clicked!["engagementScore"]!.GetValue<decimal>());

        // The funnel counts the ignored events per rule on the day the rescore found them.
        var day = host.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var report = await Eventually.GetAsync(
            () => FunnelAsync(day),
            r => r?["ignoredMachineEvents"]?["byRule"]?["after-delivery"]?.GetValue<long>() >= 3,
            "the machine events to be counted");
        var byRule = report!["ignoredMachineEvents"]!["byRule"]!;
        Assert.True(byRule["apple-mpp"]!.GetValue<long>() >= 1);
        Assert.True(byRule["user-agent"]!.GetValue<long>() >= 1);
        Assert.True(report["ignoredMachineEvents"]!["total"]!.GetValue<long>() >= 5);
        using var funnelPage = await host.Client.GetAsync($"api/reports/funnel?from={day}&to={day}&format=html&code={LocalHostFixture.FunctionKey}");
        var funnelHtml = await funnelPage.Content.ReadAsStringAsync();
        Assert.Contains("Machine engagement ignored: <b>", funnelHtml, StringComparison.Ordinal);
        Assert.Matches(@"\(after-delivery \d+, apple-mpp \d+, user-agent \d+\)\.", funnelHtml);

        // A demo request makes it an SQL: the hand-off email and page say what the score ignored.
        var demo = JsonSerializer.Serialize(new[] { new { eventId = "demo-" + leadId, email, type = "Demo Requested", occurredAt = host.Clock.GetUtcNow() } });
        using var requested = await host.Client.SendAsync(host.SignedEvents(demo));
        Assert.Equal(HttpStatusCode.Accepted, requested.StatusCode);
        await Eventually.GetAsync(() => HandedOffLead.GetLeadAsync(host, leadId), l => l?["stage"]?.GetValue<string>() == "SQL", "the lead to become an SQL");
        await HandedOffLead.RunTimerAsync(host);
        var message = await HandedOffLead.WaitForEmailAsync(host, leadId, e => !HandedOffLead.IsReminder(e));
        Assert.Contains("Ignored (made by machines, no points)\n  " + "1 open ignored", message.Text, StringComparison.Ordinal);
        Assert.Contains($"<li>{AfterDelivery}</li>", message.Html, StringComparison.Ordinal);
        using var page = await host.Client.GetAsync(new Uri(HandedOffLead.LinkIn(message)).PathAndQuery.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<li>{AfterDelivery}</li>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_agents_that_cannot_be_read_never_answer_500()
    {
        var suffix = Guid.NewGuid().ToString("N");
        var email = $"agents.{suffix}@example.org";
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        using var sendGrid = await host.Client.SendAsync(host.SignedSendGrid(Json(
            SendGrid(email, "click", "m1.x", now, "u-1-" + suffix, ("useragent", 42), ("url", "https://example.com/")),
            SendGrid(email, "click", "m1.x", now, "u-2-" + suffix, ("useragent", new string('x', 50_000)), ("url", "https://example.com/")),
            SendGrid(email, "open", "m1.x", now, "u-3-" + suffix, ("useragent", new List<string> { "x" }), ("sg_machine_open", "yes")))));
        var canonical = $$$"""
            [{"eventId":"u-4-{{{suffix}}}","email":"{{{email}}}","type":"Page Viewed","occurredAt":"{{{host.Clock.GetUtcNow():O}}}","userAgent":{"a":1}},
             {"eventId":"u-5-{{{suffix}}}","email":"{{{email}}}","type":"Page Viewed","occurredAt":"{{{host.Clock.GetUtcNow():O}}}","userAgent":"{{{new string('y', 1_001)}}}"},
             {"eventId":"u-6-{{{suffix}}}","email":"{{{email}}}","type":"Page Viewed","occurredAt":"{{{host.Clock.GetUtcNow():O}}}","userAgent":"curl/8.5.0"}]
            """;
        using var events = await host.Client.SendAsync(host.SignedEvents(canonical));

        Assert.Equal(HttpStatusCode.Accepted, sendGrid.StatusCode);
        Assert.Equal(3, (await sendGrid.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Accepted, events.StatusCode);
        var body = (await events.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((1, 2), (body["accepted"]!.GetValue<int>(), body["rejected"]!.GetValue<int>()));
        Assert.Equal(
            ["userAgent: must be a string", "userAgent: must be at most 1000 characters"],
            body["errors"]!.AsArray().Select(error => error!["reason"]!.GetValue<string>()));
    }

    private async Task<JsonNode?> FunnelAsync(string day)
    {
        using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, $"api/reports/funnel?from={day}&to={day}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonNode>();
    }

    private async Task<string> CaptureAsync(string email)
    {
        using var response = await host.Client.PostAsJsonAsync("api/leads", new
        {
            email,
            firstName = "Dana",
            company = "Northwind Traders",
            jobTitle = "Director of Marketing",
            companySize = "201-1000",
            industry = "Software",
            country = "DE",
            budget = "60k",
            timeline = "3 months",
            need = "Qualify our inbound leads automatically",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
    }

    private static Dictionary<string, object> Click(string email, string messageId, long timestamp, string eventId, string url, string userAgent) =>
        SendGrid(email, "click", messageId, timestamp, eventId,
            ("useragent", userAgent), ("ip", "255.255.255.255"), ("url", url), ("url_offset", new { index = 0, type = "html" }));

    /// <summary>An event as SendGrid's Event Webhook posts it: the common fields, then the event's own.</summary>
    private static Dictionary<string, object> SendGrid(
        string email, string sendGridEvent, string messageId, long timestamp, string eventId, params (string Name, object Value)[] fields)
    {
        var item = new Dictionary<string, object>
        {
            ["email"] = email,
            ["timestamp"] = timestamp,
            ["smtp-id"] = "<14c5d75ce93.dfd.64b469@ismtpd-555>",
            ["event"] = sendGridEvent,
            ["category"] = "cat facts",
            ["sg_event_id"] = eventId,
            ["sg_message_id"] = messageId,
        };
        foreach (var (name, value) in fields)
        {
            item[name] = value;
        }

        return item;
    }

    private static string Json(params Dictionary<string, object>[] items) => JsonSerializer.Serialize(items);
}
