using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using Microsoft.AspNetCore.Builder;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>Two local hosts on one Azurite and one queue end in the same state one host would reach.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class ConcurrencyTests(LocalHostFixture host)
{
    [Fact]
    public async Task Two_hosts_on_one_queue_reflect_every_event_exactly_once()
    {
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        var hosts = new List<(WebApplication App, HttpClient Client)>
        {
            await host.StartHostAsync(new Dictionary<string, string?>(settings)),
            await host.StartHostAsync(new Dictionary<string, string?>(settings)),
        };
        try
        {
            var now = host.Clock.GetUtcNow();
            var types = new[] { "Page Viewed", "Email Opened", "Webinar Attended", "Content Downloaded", "Feature Used", "Demo Requested" };
            var emails = Enumerable.Range(0, 12).Select(i => $"c{i}.{Guid.NewGuid():N}@example.org").ToArray();
            var events = Enumerable.Range(0, 600).Select(i => new
            {
                eventId = $"evt-{i}",
                email = emails[i % emails.Length],
                type = types[i % types.Length],
                occurredAt = now.AddHours(-i),
                properties = new Dictionary<string, string>
                {
                    ["path"] = i % 4 == 0 ? "/pricing" : "/docs",
                    ["emailId"] = $"m{i % 5}",
                    ["contentId"] = $"c{i % 3}",
                    ["feature"] = $"f{i % 7}",
                },
            }).ToArray();

            // Batches of 100, each delivered twice (once to each host), in parallel: every event must count once.
            var posts = events.Chunk(100).SelectMany(batch => hosts.Select(h => PostAsync(h.Client, JsonSerializer.Serialize(batch))));
            var results = await Task.WhenAll(posts);
            Assert.All(results, status => Assert.Equal(HttpStatusCode.Accepted, status));

            var scorer = new LeadScorer(ScoringModel.Default, host.Clock);
            foreach (var email in emails)
            {
                var mine = events.Where(e => e.email == email).Select(e => new EngagementEvent
                {
                    EventId = e.eventId,
                    Type = e.type,
                    OccurredAt = e.occurredAt,
                    Properties = new Dictionary<string, string>(e.properties, StringComparer.OrdinalIgnoreCase),
                }).ToArray();
                var expected = scorer.Score(new LeadProfile { Email = email }, mine, LeadStanding.New, now);

                var lead = await Eventually.GetAsync(
                    () => FindByEmailAsync(hosts[0].Client, email),
                    l => l?["eventCount"]?.GetValue<int>() == mine.Length,
                    $"every event of {email} to be scored",
                    TimeSpan.FromSeconds(60));

                Assert.Equal(expected.EngagementScore, lead!["engagementScore"]!.GetValue<decimal>());
                Assert.Equal(expected.Stage.ToString(), lead["stage"]!.GetValue<string>());
            }
        }
        finally
        {
            foreach (var (app, client) in hosts)
            {
                client.Dispose();
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private async Task<HttpStatusCode> PostAsync(HttpClient client, string json)
    {
        using var response = await client.SendAsync(host.SignedEvents(json));
        return response.StatusCode;
    }

    private static async Task<JsonNode?> FindByEmailAsync(HttpClient client, string email)
    {
        // The API reads leads by id and these leads were created by events (no id handed out): list every stage
        // and match the email on the full record.
        foreach (var stage in new[] { "Lead", "MQL", "SQL" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/leads?stage={stage}&pageSize=200");
            request.Headers.Add("x-functions-key", LocalHostFixture.FunctionKey);
            using var response = await client.SendAsync(request);
            var page = await response.Content.ReadFromJsonAsync<JsonObject>();
            foreach (var item in page!["items"]!.AsArray())
            {
                using var read = new HttpRequestMessage(HttpMethod.Get, $"api/leads/{item!["leadId"]!.GetValue<string>()}");
                read.Headers.Add("x-functions-key", LocalHostFixture.FunctionKey);
                using var leadResponse = await client.SendAsync(read);
                var lead = await leadResponse.Content.ReadFromJsonAsync<JsonNode>();
                if (lead?["profile"]?["email"]?.GetValue<string>() == email)
                {
                    return lead;
                }
            }
        }

        return null;
    }
}
