using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.LocalHost.Tests.Models;

/// <summary>
/// The model lifecycle through the local host on Azurite: the registry seeded with the deployed model, a version
/// stored (immutable), the gate's refusals, a backtest, the publish that rescores every lead under the new version,
/// a rollback, two publishes at once, and a second host picking the live version up without a restart.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class ModelVersionsTests(LocalHostFixture host)
{
    private const int Leads = 120;
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);
    private static readonly string s_live = ScoringModel.Default.Version;

    [Fact]
    public async Task A_version_is_stored_backtested_published_to_every_lead_rolled_back_and_published_once_of_two()
    {
        var (app, client) = await host.StartHostAsync(OwnSettings());
        try
        {
            var store = app.Services.GetRequiredService<ILeadRepository>();
            await SeedAsync(store, app.Services.GetRequiredService<ISalesActionStore>(), OutcomeLeads.Generate(Leads, host.Clock.GetUtcNow(), seed: 11, minEvents: 3, maxEvents: 10));
            Assert.Equal(s_live, (string)(await JsonAsync(client, HttpMethod.Get, "api/health"))["modelVersion"]!);
            var listing = await JsonAsync(client, HttpMethod.Get, "api/models/versions");
            Assert.Equal(s_live, (string)listing["live"]!);
            Assert.Equal("seed", (string)listing["versions"]![0]!["createdBy"]!);

            var candidate = CandidateModels.Candidate(changePoints: false);
            using (var created = await SendAsync(client, HttpMethod.Post, "api/models/versions?note=same%20rules", candidate))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                Assert.Equal("/api/models/versions/candidate-2", created.Headers.Location!.ToString());
            }

            await AssertStatusAsync(client, HttpMethod.Post, "api/models/versions", candidate, HttpStatusCode.Conflict);
            await AssertStatusAsync(
                client, HttpMethod.Post, "api/models/versions", candidate.Replace("candidate-2", "bad version!", StringComparison.Ordinal),
                HttpStatusCode.BadRequest);
            var stored = await JsonAsync(client, HttpMethod.Get, "api/models/versions/candidate-2");
            Assert.Equal("draft", (string)stored["status"]!);
            Assert.Equal("same rules", (string)stored["note"]!);
            Assert.Equal("candidate-2", (string)stored["document"]!["version"]!);
            await AssertStatusAsync(client, HttpMethod.Get, "api/models/versions/unknown-1", null, HttpStatusCode.NotFound);
            await AssertStatusAsync(client, HttpMethod.Get, "api/models/versions/" + new string('v', 65), null, HttpStatusCode.BadRequest);

            // The gate's refusals: no reason, a short forced reason, no backtest, an unknown version.
            await AssertPublishAsync(client, "candidate-2", "{}", HttpStatusCode.BadRequest, "reason");
            await AssertPublishAsync(client, "candidate-2", """{"reason":"short","force":true}""", HttpStatusCode.BadRequest, "10");
            await AssertPublishAsync(client, "candidate-2", """{"reason":"better"}""", HttpStatusCode.Conflict, "No backtest named");
            await AssertPublishAsync(client, "unknown-1", """{"reason":"better"}""", HttpStatusCode.NotFound, "No stored");

            var backtestId = await BacktestAsync(client, candidate);
            var published = await PublishAsync(client, "candidate-2", $$"""{"reason":"same rules, new name","backtestId":"{{backtestId}}"}""");
            Assert.Equal(s_live, (string)published["previous"]!);
            Assert.Equal("started", (string)published["rescore"]!["status"]!);
            await EveryLeadScoredWithAsync(store, "candidate-2");
            Assert.Equal("candidate-2", (string)(await JsonAsync(client, HttpMethod.Get, "api/health"))["modelVersion"]!);
            await AssertPublishAsync(
                client, "candidate-2", $$"""{"reason":"again","backtestId":"{{backtestId}}"}""", HttpStatusCode.Conflict, "live already");

            // Rollback: a version that was live before needs a reason and no backtest.
            await PublishAsync(client, s_live, """{"reason":"roll back to the shipped model"}""");
            await EveryLeadScoredWithAsync(store, s_live);
            var versions = await JsonAsync(client, HttpMethod.Get, "api/models/versions");
            Assert.Equal(s_live, (string)versions["live"]!);
            var retired = versions["versions"]!.AsArray().Single(version => (string)version!["version"]! == "candidate-2")!;
            Assert.Equal("retired", (string)retired["status"]!);
            Assert.Equal(backtestId, (string)retired["backtestId"]!);

            // Two publishes at once from the same live pointer: one wins, the other is a 409.
            var body = """{"reason":"concurrent rollback"}""";
            var answers = await Task.WhenAll(
                SendAsync(client, HttpMethod.Post, "api/models/versions/candidate-2/publish", body),
                SendAsync(client, HttpMethod.Post, "api/models/versions/candidate-2/publish", body));
            Assert.Equal(
                [HttpStatusCode.OK, HttpStatusCode.Conflict],
                answers.Select(answer => answer.StatusCode).Order());
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
        finally
        {
            await StopAsync(app, client);
        }
    }

    [Fact]
    public async Task A_publish_on_one_host_is_used_by_a_second_host_after_its_refresh_interval_without_a_restart()
    {
        var settings = OwnSettings();
        var (first, firstClient) = await host.StartHostAsync(settings);
        var (second, secondClient) = await host.StartHostAsync(new Dictionary<string, string?>(settings));
        try
        {
            var candidate = CandidateModels.Candidate().Replace("candidate-2", "candidate-3", StringComparison.Ordinal);
            await AssertStatusAsync(firstClient, HttpMethod.Post, "api/models/versions", candidate, HttpStatusCode.Created);
            await PublishAsync(firstClient, "candidate-3", """{"reason":"forced for the two-hosts test","force":true}""");
            Assert.Equal("candidate-3", (string)(await JsonAsync(firstClient, HttpMethod.Get, "api/health"))["modelVersion"]!);

            host.Clock.Advance(TimeSpan.FromSeconds(5)); // the second host's refresh interval (Models:LiveRefreshSeconds)
            await Eventually.GetAsync(
                async () => (string)(await JsonAsync(secondClient, HttpMethod.Get, "api/health"))["modelVersion"]!,
                version => version == "candidate-3",
                "the second host to score with the published version",
                s_deadline);
            var listing = await JsonAsync(secondClient, HttpMethod.Get, "api/models/versions");
            Assert.True((bool)listing["versions"]!.AsArray().Single(version => (string)version!["version"]! == "candidate-3")!["forced"]!);
        }
        finally
        {
            await StopAsync(first, firstClient);
            await StopAsync(second, secondClient);
        }
    }

    [Fact]
    public async Task The_registry_routes_and_the_models_page_answer_503_while_storage_is_down()
    {
        await using var azurite = new LeadFunctions.Testing.Azurite.AzuriteFixture();
        await azurite.InitializeAsync();
        var settings = OwnSettings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["LocalHost:RunTriggers"] = "false";
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            await azurite.StopAsync();

            using var listed = await SendAsync(client, HttpMethod.Get, "api/models/versions", null);
            using var read = await SendAsync(client, HttpMethod.Get, "api/models/versions/candidate-2", null);
            using var published = await SendAsync(
                client, HttpMethod.Post, "api/models/versions/candidate-2/publish", """{"reason":"storage is down"}""");

            foreach (var response in new[] { listed, read, published })
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.NotNull(response.Headers.RetryAfter);
            }

            using var page = await SendAsync(client, HttpMethod.Get, "api/models/versions?format=html", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(page.Headers.RetryAfter);
            Assert.Contains("<h1>Try again in a moment</h1>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(app, client);
        }
    }

    /// <summary>A host with its own tables and queues (its own registry, leads and rescores).</summary>
    private Dictionary<string, string?> OwnSettings()
    {
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        settings["BacktestQueueName"] = "model-backtests-" + Guid.NewGuid().ToString("N")[..8];
        settings["Models:LiveRefreshSeconds"] = "5";
        return settings;
    }

    private async Task<string> BacktestAsync(HttpClient client, string candidate)
    {
        using var started = await SendAsync(client, HttpMethod.Post, "api/models/backtests", candidate);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!;
        var job = await Eventually.GetAsync(
            () => JsonAsync(client, HttpMethod.Get, "api/models/backtests/" + id),
            job => (string)job["status"]! != "running",
            "the backtest to end",
            s_deadline);
        Assert.Equal("completed", (string)job["status"]!);
        return id;
    }

    private static async Task EveryLeadScoredWithAsync(ILeadRepository store, string version) =>
        await Eventually.GetAsync(
            async () =>
            {
                var ids = await store.ListLeadIdsAsync(null, Leads + 10);
                var leads = await Task.WhenAll(ids.LeadIds.Select(id => store.GetLeadAsync(id)));
                return leads.Count(lead => lead?.Score?.ModelVersion == version);
            },
            scored => scored == Leads,
            $"every lead to be scored with {version}",
            s_deadline);

    private async Task<JsonNode> PublishAsync(HttpClient client, string version, string body)
    {
        using var response = await SendAsync(client, HttpMethod.Post, $"api/models/versions/{version}/publish", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var published = JsonNode.Parse(text)!;
        Assert.Equal(version, (string)published["live"]!);
        return published;
    }

    private async Task AssertPublishAsync(HttpClient client, string version, string body, HttpStatusCode status, string detail)
    {
        using var response = await SendAsync(client, HttpMethod.Post, $"api/models/versions/{version}/publish", body);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task AssertStatusAsync(HttpClient client, HttpMethod method, string path, string? body, HttpStatusCode status)
    {
        using var response = await SendAsync(client, method, path, body);
        Assert.Equal(status, response.StatusCode);
    }

    private async Task<JsonNode> JsonAsync(HttpClient client, HttpMethod method, string path)
    {
        using var response = await SendAsync(client, method, path, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? body)
    {
        var request = host.Keyed(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    private static async Task SeedAsync(ILeadRepository store, ISalesActionStore salesActions, IReadOnlyList<OutcomeLead> leads) =>
        await Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (seed, ct) =>
        {
            var events = seed.Events.Select(e => new StoredEvent("seed", e)).ToArray();
            var (lead, _) = await store.GetOrCreateLeadAsync(seed.Profile, LeadAttribution.None, events, ct);
            var outcome = OutcomeLeads.Score(seed.Outcome, seed.OutcomeAt);
            Assert.Equal(SalesSaveResult.Saved, await salesActions.TrySaveSalesActionAsync(lead, outcome, null, seed.OutcomeAt, ct));
        });

    private static async Task StopAsync(WebApplication app, HttpClient client)
    {
        client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
