using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>
/// Anonymous visitors end to end over HTTP (local host, Azurite): Segment page views with only an anonymousId, a form with
/// the hidden field that joins them to the lead, later events straight to the lead, a second claim, erasure, bad input.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class AnonymousVisitorTests(LocalHostFixture host)
{
    [Fact]
    public async Task Anonymous_pricing_views_count_for_the_lead_once_the_visitor_fills_the_form()
    {
        var anonymousId = Guid.NewGuid().ToString();
        var now = host.Clock.GetUtcNow();
        var first = await PostSegmentAsync(Page(anonymousId, "/pricing", now.AddDays(-14)));
        var second = await PostSegmentAsync(Page(anonymousId, "/pricing", now.AddDays(-7)));
        Assert.Equal((1, 1), (first["accepted"]!.GetValue<int>(), second["accepted"]!.GetValue<int>()));

        var leadId = await FillFormAsync($"dana.{Guid.NewGuid():N}@northwind.example", anonymousId);

        // Pricing: 10 × 2^(-14/14) + 10 × 2^(-7/14) = 5.00 + 7.07, decayed from when the pages were viewed.
        var lead = await Eventually.GetAsync(() => GetLeadAsync(leadId), l => l?["eventCount"]?.GetValue<int>() == 3, "the joined lead to be scored");
        Assert.Equal(12.07m, Points(lead!, "pricing-page"));
        Assert.Equal(22.07m, lead!["engagementScore"]!.GetValue<decimal>());

        // Later anonymous events of the visitor go straight to the lead.
        await PostSegmentAsync(Page(anonymousId, "/compare", now));
        var later = await Eventually.GetAsync(() => GetLeadAsync(leadId), l => l?["eventCount"]?.GetValue<int>() == 4, "the later view to be scored");
        Assert.Equal(8m, Points(later!, "comparison-page"));
    }

    [Fact]
    public async Task A_segment_identify_with_the_anonymous_id_and_an_email_joins_the_visitor()
    {
        var anonymousId = Guid.NewGuid().ToString();
        var email = $"peter.{Guid.NewGuid():N}@initech.example";
        var now = host.Clock.GetUtcNow();
        await PostSegmentAsync(Page(anonymousId, "/pricing", now.AddHours(-1)));

        var identify = await PostSegmentAsync(JsonSerializer.Serialize(new
        {
            anonymousId,
            channel = "browser",
            messageId = Guid.NewGuid().ToString(),
            timestamp = now,
            traits = new { name = "Peter Gibbons", email, title = "VP Engineering" },
            type = "identify",
            userId = "97980cfea0067",
            version = "1.1",
        }));

        Assert.Equal(1, identify["accepted"]!.GetValue<int>());
        var leadId = await FindLeadAsync(email);
        var lead = await Eventually.GetAsync(
            () => GetLeadAsync(leadId), l => l?["eventCount"]?.GetValue<int>() == 3, "the identified lead to be scored");
        Assert.Equal(9.98m, Points(lead!, "pricing-page")); // an hour old: 10 × 2^(-1/336)
    }

    [Fact]
    public async Task A_second_lead_with_the_same_visitor_id_does_not_take_its_events_and_erasure_takes_them_with_the_first()
    {
        var anonymousId = Guid.NewGuid().ToString();
        await PostSegmentAsync(Page(anonymousId, "/pricing", host.Clock.GetUtcNow().AddDays(-1)));
        var first = await FillFormAsync($"first.{Guid.NewGuid():N}@example.org", anonymousId);
        var second = await FillFormAsync($"second.{Guid.NewGuid():N}@example.org", anonymousId);

        await Eventually.GetAsync(() => GetLeadAsync(first), l => l?["eventCount"]?.GetValue<int>() == 2, "the first lead with the view");
        var other = await Eventually.GetAsync(() => GetLeadAsync(second), l => l?["eventCount"]?.GetValue<int>() == 1, "the second lead");
        Assert.Equal(0m, Points(other!, "pricing-page"));

        using var erased = await host.Client.SendAsync(host.Keyed(HttpMethod.Delete, $"api/leads/{first}"));
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);

        // The visitor went with the first lead: its id is unknown now, so a new lead may have it, without the old view.
        var third = await FillFormAsync($"third.{Guid.NewGuid():N}@example.org", anonymousId);
        var fresh = await Eventually.GetAsync(() => GetLeadAsync(third), l => l?["eventCount"]?.GetValue<int>() == 1, "the third lead");
        Assert.Equal(0m, Points(fresh!, "pricing-page"));
    }

    [Fact]
    public async Task Bad_visitor_ids_are_rejected_per_item_and_left_out_of_a_form()
    {
        var now = host.Clock.GetUtcNow();
        var events = JsonSerializer.Serialize(new object[]
        {
            new { eventId = "anon-ok-" + Guid.NewGuid(), anonymousId = "ajs-" + Guid.NewGuid(), type = "Page Viewed", occurredAt = now },
            new { eventId = "anon-long-" + Guid.NewGuid(), anonymousId = new string('a', 129), type = "Page Viewed", occurredAt = now },
            new { eventId = "anon-ctl-" + Guid.NewGuid(), anonymousId = "a\u0001b", type = "Page Viewed", occurredAt = now },
            new { eventId = "anon-none-" + Guid.NewGuid(), type = "Page Viewed", occurredAt = now },
        });

        using var posted = await host.Client.SendAsync(host.SignedEvents(events));
        var body = await posted.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal((1, 3), (body!["accepted"]!.GetValue<int>(), body["rejected"]!.GetValue<int>()));
        Assert.Equal(
            [
                "anonymousId: must be 1-128 characters without control characters",
                "anonymousId: must be 1-128 characters without control characters",
                "lead: email, leadId or anonymousId is required",
            ],
            body["errors"]!.AsArray().Select(error => error!["reason"]!.GetValue<string>()));

        using var form = await host.Client.PostAsync(
            "api/leads",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = $"odd.{Guid.NewGuid():N}@example.org",
                ["anonymousId"] = new string('a', 129),
            }));
        Assert.Equal(HttpStatusCode.Accepted, form.StatusCode);
        Assert.Equal(["anonymousId"], (await form.Content.ReadFromJsonAsync<JsonObject>())!["ignoredFields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    /// <summary>A Segment page call as analytics.js sends it before the visitor is known (spec: Page, without userId).</summary>
    private static string Page(string anonymousId, string path, DateTimeOffset at) => JsonSerializer.Serialize(new
    {
        anonymousId,
        channel = "browser",
        context = new
        {
            ip = "8.8.8.8",
            page = new { path, referrer = string.Empty, search = string.Empty, title = "Initech", url = "https://www.example.com" + path },
            userAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/40.0.2214.115 Safari/537.36",
        },
        integrations = new { All = true },
        messageId = Guid.NewGuid().ToString(),
        name = "Pricing",
        properties = new { path, title = "Initech", url = "https://www.example.com" + path },
        receivedAt = at,
        sentAt = at,
        timestamp = at,
        type = "page",
        version = "1.1",
    });

    private async Task<JsonObject> PostSegmentAsync(string json)
    {
#pragma warning disable CA5350 // Segment's scheme is HMAC-SHA1.
        var signature = Convert.ToHexStringLower(
            HMACSHA1.HashData(Encoding.UTF8.GetBytes(LocalHostFixture.SegmentSecret), Encoding.UTF8.GetBytes(json)));
#pragma warning restore CA5350
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/segment")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Signature", signature);
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<string> FillFormAsync(string email, string anonymousId)
    {
        // As the landing page's form posts it: urlencoded, the visitor id in its hidden field.
        using var response = await host.Client.PostAsync(
            "api/leads",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = email, ["anonymousId"] = anonymousId }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
    }

    private async Task<string> FindLeadAsync(string email)
    {
        // A form for the same email answers the same lead id (and adds a "Form Submitted" event).
        using var response = await host.Client.PostAsJsonAsync("api/leads", new { email });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
    }

    private async Task<JsonNode?> GetLeadAsync(string leadId)
    {
        using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, $"api/leads/{leadId}"));
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonNode>() : null;
    }

    private static decimal Points(JsonNode lead, string ruleId) =>
        lead["breakdown"]!.AsArray().Where(rule => rule!["ruleId"]!.GetValue<string>() == ruleId).Sum(rule => rule!["points"]!.GetValue<decimal>());
}
