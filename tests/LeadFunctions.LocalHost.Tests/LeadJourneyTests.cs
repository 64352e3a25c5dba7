using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.LocalHost.Tests;

[Collection(LocalHostCollection.Name)]
public sealed class LeadJourneyTests(LocalHostFixture host)
{
    [Fact]
    public async Task A_form_and_webhook_events_make_a_scored_sql_readable_over_http_and_emailed_once()
    {
        var email = $"dana.{Guid.NewGuid():N}@northwind.example";
        var leadId = await CaptureAsync(new
        {
            email,
            firstName = "Dana",
            company = "Northwind <script>alert(1)</script>",
            jobTitle = "Director of Marketing",
            companySize = "201-1000",
            industry = "Software",
            country = "DE",
        });

        var now = host.Clock.GetUtcNow();
        var events = JsonSerializer.Serialize(new object[]
        {
            new
            {
                eventId = "p1-" + leadId,
                email,
                type = "Page Viewed",
                occurredAt = now.AddMinutes(-30),
                properties = new { path = "/pricing" },
            },
            new { eventId = "d1-" + leadId, email, type = "Demo Requested", occurredAt = now.AddMinutes(-10) },
        });
        using var posted = await host.Client.SendAsync(host.SignedEvents(events));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Equal(2, (await posted.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!.GetValue<int>());

        var lead = await Eventually.GetAsync(
            () => GetLeadAsync(leadId),
            l => l?["stage"]?.GetValue<string>() == "SQL",
            "the lead to become an SQL");
        Assert.Equal("B", lead!["grade"]!.GetValue<string>());
        var breakdown = lead["breakdown"]!.AsArray();
        Assert.Equal(
            lead["fitScore"]!.GetValue<decimal>(),
            breakdown.Where(c => c!["kind"]!.GetValue<string>() == "Fit").Sum(c => c!["points"]!.GetValue<decimal>()));
        Assert.Equal(
            lead["engagementScore"]!.GetValue<decimal>(),
            breakdown.Where(c => c!["kind"]!.GetValue<string>() == "Engagement").Sum(c => c!["points"]!.GetValue<decimal>()));
        Assert.Equal("b2b-saas-2026.11.1", lead["modelVersion"]!.GetValue<string>());

        // The timer hands the SQL to sales: one email to the routed inbox, escaped, however often it runs.
        await RunFunctionAsync("DecayAndNotify");
        await RunFunctionAsync("DecayAndNotify");
        var emails = await host.Maildev.WaitForEmailsAsync(1, TimeSpan.FromSeconds(10));
        var mine = emails
            .Where(e => e.Headers.GetValueOrDefault("x-leadfunctions-handoff", string.Empty).StartsWith(leadId, StringComparison.Ordinal))
            .ToArray();
        var sent = Assert.Single(mine);
        Assert.Equal(["dach-sales@example.com"], sent.To);
        Assert.Contains("(grade B)", sent.Subject, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", sent.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", sent.Html, StringComparison.Ordinal);
        Assert.Contains($"Accept or reject this lead: {host.Client.BaseAddress}api/handoffs/", sent.Text, StringComparison.Ordinal);
        var notified = await GetLeadAsync(leadId);
        Assert.NotNull(notified!["salesNotifiedAt"]);
    }

    [Fact]
    public async Task The_same_webhook_delivered_twice_counts_once()
    {
        var email = $"twice.{Guid.NewGuid():N}@example.org";
        var leadId = await CaptureAsync(new { email, jobTitle = "CTO" });
        var json = JsonSerializer.Serialize(
            new[]
            {
                new
                {
                    eventId = "w-" + leadId,
                    email,
                    type = "Webinar Attended",
                    occurredAt = host.Clock.GetUtcNow(),
                    properties = new { webinarId = "w1" },
                },
            });

        using var first = await host.Client.SendAsync(host.SignedEvents(json));
        var scored = await Eventually.GetAsync(
            () => GetLeadAsync(leadId),
            l => l?["eventCount"]?.GetValue<int>() == 2,
            "the webinar to be scored");
        using var second = await host.Client.SendAsync(host.SignedEvents(json));
        var secondBody = await second.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(1, secondBody!["duplicates"]!.GetValue<int>());
        Assert.Equal(0, secondBody["accepted"]!.GetValue<int>());
        var after = await GetLeadAsync(leadId);
        Assert.Equal(scored!["engagementScore"]!.GetValue<decimal>(), after!["engagementScore"]!.GetValue<decimal>());
        Assert.Equal(2, after["eventCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_form_fill_updates_the_same_lead()
    {
        var email = $"again.{Guid.NewGuid():N}@example.org";
        var first = await CaptureAsync(new { email, company = "Contoso" });
        var second = await CaptureAsync(new { email = email.ToUpperInvariant(), jobTitle = "VP Sales" });

        Assert.Equal(first, second);
        var lead = await Eventually.GetAsync(
            () => GetLeadAsync(first),
            l => l?["eventCount"]?.GetValue<int>() == 2,
            "both form fills to be scored");
        Assert.Equal("Contoso", lead!["profile"]!["company"]!.GetValue<string>());
        Assert.Equal("VP Sales", lead["profile"]!["jobTitle"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_timer_demotes_a_lead_whose_engagement_went_stale()
    {
        var email = $"stale.{Guid.NewGuid():N}@example.org";
        var leadId = await CaptureAsync(new { email, jobTitle = "Head of Growth", companySize = "120" });
        var json = JsonSerializer.Serialize(
            new[]
            {
                new
                {
                    eventId = "s-" + leadId,
                    email,
                    type = "Webinar Attended",
                    occurredAt = host.Clock.GetUtcNow(),
                    properties = new { webinarId = "w9" },
                },
            });
        using var posted = await host.Client.SendAsync(host.SignedEvents(json));
        await Eventually.GetAsync(() => GetLeadAsync(leadId), l => l?["stage"]?.GetValue<string>() == "MQL", "the lead to become an MQL");

        host.Clock.Advance(TimeSpan.FromDays(90));
        await RunFunctionAsync("DecayAndNotify");

        var lead = await GetLeadAsync(leadId);
        Assert.Equal("Lead", lead!["stage"]!.GetValue<string>());
        var last = lead["stageHistory"]!.AsArray()[^1]!;
        Assert.True(last["isDemotion"]!.GetValue<bool>());
        Assert.StartsWith("recycled", last["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erasure_leaves_nothing_behind()
    {
        var email = $"erase.{Guid.NewGuid():N}@example.org";
        var leadId = await CaptureAsync(new { email, jobTitle = "CEO" });
        await Eventually.GetAsync(() => GetLeadAsync(leadId), l => l?["scoredAt"] is not null, "the lead to be scored");

        using var deleted = await host.Client.SendAsync(host.Keyed(HttpMethod.Delete, $"api/leads/{leadId}"));
        using var again = await host.Client.SendAsync(host.Keyed(HttpMethod.Delete, $"api/leads/{leadId}"));
        using var read = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, $"api/leads/{leadId}"));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        var newLead = await CaptureAsync(new { email });
        Assert.NotEqual(leadId, newLead);
    }

    [Fact]
    public async Task Two_parallel_erasures_of_a_lead_with_events_both_answer_204()
    {
        var email = $"erase2.{Guid.NewGuid():N}@example.org";
        var leadId = await CaptureAsync(new { email, jobTitle = "CEO" });
        var now = host.Clock.GetUtcNow();
        foreach (var batch in Enumerable.Range(0, 400).Chunk(100))
        {
            var json = JsonSerializer.Serialize(batch.Select(i => new
            {
                eventId = $"p{i}-{leadId}",
                email,
                type = "Page Viewed",
                occurredAt = now.AddMinutes(-i),
                properties = new { path = "/docs" },
            }));
            using var posted = await host.Client.SendAsync(host.SignedEvents(json));
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        await Eventually.GetAsync(() => GetLeadAsync(leadId), l => l?["eventCount"]?.GetValue<int>() == 401, "every event to be scored");

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var deleted = await host.Client.SendAsync(host.Keyed(HttpMethod.Delete, $"api/leads/{leadId}"));
            return deleted.StatusCode;
        }));
        using var read = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, $"api/leads/{leadId}"));

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent], answers);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Lists_sqls_a_page_at_a_time()
    {
        using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, "api/leads?stage=SQL&pageSize=1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(body!["items"]);
    }

    [Fact]
    public async Task A_message_that_always_fails_lands_in_the_poison_queue_after_max_dequeue_count()
    {
        var queues = host.Azurite.CreateQueueServiceClient();
        var queue = queues.GetQueueClient(host.QueueName);
        var poison = queues.GetQueueClient(host.QueueName + "-poison");
        await queue.CreateIfNotExistsAsync();

        await queue.SendMessageAsync("{\"leadId\":\"not-a-lead-id\"}");

        var peeked = await Eventually.GetAsync(
            async () => await poison.PeekIfExistsAsync(),
            messages => messages.Any(m => m.MessageText.Contains("not-a-lead-id", StringComparison.Ordinal)),
            "the message to reach the poison queue");
        Assert.Contains(peeked, m => m.MessageText.Contains("not-a-lead-id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_answers_200_when_storage_is_reachable()
    {
        using var response = await host.Client.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> CaptureAsync(object form)
    {
        using var response = await host.Client.PostAsJsonAsync("api/leads", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        var leadId = body!["leadId"]!.GetValue<string>();
        Assert.Equal($"/api/leads/{leadId}", response.Headers.Location!.ToString());
        return leadId;
    }

    private async Task<JsonNode?> GetLeadAsync(string leadId)
    {
        using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, $"api/leads/{leadId}"));
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonNode>() : null;
    }

    private async Task RunFunctionAsync(string name)
    {
        using var request = host.Keyed(HttpMethod.Post, $"admin/functions/{name}");
        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
