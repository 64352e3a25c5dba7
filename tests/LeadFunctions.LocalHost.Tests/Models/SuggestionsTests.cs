using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Suggestions;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Testing.Modeling;
using LeadFunctions.Testing.Suggestions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace LeadFunctions.LocalHost.Tests.Models;

/// <summary>
/// <c>POST /api/models/suggestions</c> and <c>GET /api/models/suggestions/{id}</c> through the local host: the job runs
/// on the real queue listener (RunSuggestion, FailSuggestion for the poison queue) over Azurite, survives the host being
/// stopped mid-job, and answers what the engine, run in this process over the same leads, answers. Each test that needs a
/// known set of outcomes runs a host of its own (its own tables and suggestion queue).
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class SuggestionsTests(LocalHostFixture host, ITestOutputHelper output)
{
    private const int Leads = 240;
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_suggestion_started_on_one_host_resumes_on_the_next_and_answers_what_the_engine_answers()
    {
        var settings = OwnSettings();
        var (first, firstClient) = await host.StartHostAsync(settings);
        IReadOnlyList<PlantedLead> seeded;
        string location;
        try
        {
            seeded = await SeedAsync(first, PlantedSignalLeads.Generate(Leads, host.Clock.GetUtcNow(), seed: 31));
            using var started = await firstClient.SendAsync(Post("""{"sqlShare": 0.25, "minSupport": 20}"""));
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var body = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
            var id = body["id"]!.GetValue<string>();
            location = started.Headers.Location!.ToString();
            Assert.Equal(($"/api/models/suggestions/{id}", "running", location), (location, (string)body["status"]!, (string)body["location"]!));

            // Stop the host once it has started on the job (if it finished already, the next host just reads it).
            var begun = await Eventually.GetAsync(
                () => GetAsync(firstClient, location),
                job => (int)job["progress"]!["pages"]! >= 1 || (string)job["status"]! != "running",
                "the first page",
                s_deadline);
            output.WriteLine($"The first host stops with the job {begun["status"]} after {begun["progress"]!["pages"]} pages.");
        }
        finally
        {
            await first.StopAsync();
            await first.DisposeAsync();
            firstClient.Dispose();
        }

        var (second, client) = await host.StartHostAsync(settings);
        try
        {
            var job = await Eventually.GetAsync(
                () => GetAsync(client, location), job => (string)job["status"]! != "running", "the suggestion to end", s_deadline);

            Assert.Equal("completed", (string)job["status"]!);
            Assert.Equal(Leads, (long)job["progress"]!["leads"]!);
            var expected = await ExpectedAsync(seeded, new SuggestionOptions { SqlShare = 0.25, MinSupport = 20 });
            var result = job["result"]!;
            Assert.Equal(expected.Fit.Auc, (double?)result["fit"]!["auc"]);
            Assert.Equal(expected.Fit.CandidateAuc, (double?)result["fit"]!["candidateAuc"]);
            Assert.Equal(
                expected.Rules.Select(rule => (rule.RuleId, rule.NewPoints)),
                result["rules"]!.AsArray().Select(rule => ((string)rule!["ruleId"]!, (decimal)rule["newPoints"]!)));
            Assert.Equal(
                expected.Discovered.Select(rule => (rule.RuleId, rule.Points, rule.Support)),
                result["discovered"]!.AsArray().Select(rule => ((string)rule!["ruleId"]!, (decimal)rule["points"]!, (int)rule["support"]!)));
            Assert.Contains(expected.Discovered, rule => rule.RuleId == "source-reference");
            Assert.Equal(expected.Thresholds.Proposed.SqlShare, (double)result["thresholds"]!["proposed"]!["sqlShare"]!);
            Assert.Equal(expected.Thresholds.Proposed.Sql.MinTotal, (decimal?)result["thresholds"]!["proposed"]!["sql"]!["minTotal"]);
            Assert.Equal(expected.Warnings, result["warnings"]!.AsArray().Select(w => (string)w!));
            var candidate = ScoringModel.Parse(result["candidate"]!.ToJsonString());
            Assert.Equal(ScoringModel.Write(expected.Candidate), ScoringModel.Write(candidate.ToDocument()));
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
            client.Dispose();
        }
    }

    [Fact]
    public Task Too_few_outcomes_fail_the_job_saying_how_many_a_fit_needs() => OnItsOwnHostAsync(async (app, client) =>
    {
        await SeedAsync(app, PlantedSignalLeads.Generate(3, host.Clock.GetUtcNow(), seed: 2));

        using var started = await client.SendAsync(Post("""{"holdout": 0.25, "lambda": 2}"""));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = await Eventually.GetAsync(
            () => GetAsync(client, started.Headers.Location!.ToString()),
            job => (string)job["status"]! != "running",
            "the suggestion to end",
            s_deadline);
        Assert.Equal("failed", (string)job["status"]!);
        Assert.StartsWith("3 leads with a known outcome; a fit needs at least 20.", (string)job["failureReason"]!, StringComparison.Ordinal);
        Assert.Null(job["result"]);
    });

    [Fact]
    public Task A_page_that_fails_all_its_retries_lands_in_the_poison_queue_and_fails_the_job() => OnItsOwnHostAsync(async (app, client) =>
    {
        // A job whose fit throws on every delivery of its last page: options no request can give (a negative penalty),
        // stored straight in the job. The listener retries it (host.json: 3 deliveries), then FailSuggestion ends it.
        await SeedAsync(app, PlantedSignalLeads.Generate(30, host.Clock.GetUtcNow(), seed: 3));
        var job = new SuggestionJob
        {
            Id = SuggestionJob.NewId(),
            Attempt = SuggestionJob.NewAttempt(),
            Status = SuggestionStatus.Running,
            CreatedAt = host.Clock.GetUtcNow(),
            LiveModelVersion = ScoringModel.Default.Version,
            Options = new SuggestionOptions { Lambda = -1 },
        };
        await app.Services.GetRequiredService<ISuggestionStore>().CreateJobAsync(job);
        await app.Services.GetRequiredService<ISuggestionQueue>().EnqueueAsync(SuggestionPageMessage.First(job));

        var failed = await Eventually.GetAsync(
            () => GetAsync(client, $"/api/models/suggestions/{job.Id}"),
            read => (string)read["status"]! != "running",
            "the poison page to fail the job",
            s_deadline);

        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Matches("^Page [0-9]+ could not be processed after its retries; the app's logs have the error.$", (string)failed["failureReason"]!);
    });

    [Fact]
    public async Task Bad_options_are_400_naming_each_field_and_a_body_that_is_not_json_is_415()
    {
        using var bad = await host.Client.SendAsync(Post("""{"holdout": 0.9, "lambda": "big", "sqlShare": 0, "seed": 1}"""));
        using var both = await host.Client.SendAsync(Post("""{"sqlShare": 0.2, "sqlRecall": 0.6}"""));
        var request = Post(null);
        request.Content = new StringContent("holdout=0.1", Encoding.UTF8, "text/plain");
        using var notJson = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["holdout", "lambda", "seed", "sqlShare"], errors.Select(error => error.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Null(bad.Headers.Location);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-an-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public async Task An_unknown_or_malformed_id_is_a_404_problem(string id)
    {
        using var request = host.Keyed(HttpMethod.Get, $"api/models/suggestions/{id}");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Suggestions_need_the_function_key()
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "api/models/suggestions");
        using var get = new HttpRequestMessage(HttpMethod.Get, "api/models/suggestions/0123456789abcdef0123456789abcdef");

        using var posted = await host.Client.SendAsync(post);
        using var read = await host.Client.SendAsync(get);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (posted.StatusCode, read.StatusCode));
    }

    /// <summary>The fixture's settings with tables and a suggestion queue of a host's own.</summary>
    private Dictionary<string, string?> OwnSettings()
    {
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        settings["SuggestionQueueName"] = "model-suggestions-" + Guid.NewGuid().ToString("N")[..8];
        return settings;
    }

    /// <summary>Runs <paramref name="test"/> on a host with tables and queues of its own: the outcomes are exactly its own.</summary>
    private async Task OnItsOwnHostAsync(Func<WebApplication, HttpClient, Task> test)
    {
        var (app, client) = await host.StartHostAsync(OwnSettings());
        try
        {
            await test(app, client);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private HttpRequestMessage Post(string? json)
    {
        var request = host.Keyed(HttpMethod.Post, "api/models/suggestions");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private async Task<JsonNode> GetAsync(HttpClient client, string location)
    {
        using var request = host.Keyed(HttpMethod.Get, location.TrimStart('/'));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>
    /// Stores the leads as the sales loop leaves them (created with their attribution and events, then at their outcome
    /// stage) and returns them under the ids the store gave them.
    /// </summary>
    private static async Task<IReadOnlyList<PlantedLead>> SeedAsync(WebApplication app, IReadOnlyList<PlantedLead> leads)
    {
        var store = app.Services.GetRequiredService<ILeadRepository>();
        var salesActions = app.Services.GetRequiredService<ISalesActionStore>();
        var stored = new PlantedLead[leads.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, leads.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var seed = leads[n];
            var events = seed.Events.Select(e => new StoredEvent("seed", e)).ToArray();
            var (lead, _) = await store.GetOrCreateLeadAsync(seed.Profile, seed.Attribution, events, ct);
            var saved = await salesActions.TrySaveSalesActionAsync(lead, OutcomeLeads.Score(seed.Outcome, seed.OutcomeAt), null, seed.OutcomeAt, ct);
            Assert.Equal(SalesSaveResult.Saved, saved);
            stored[n] = seed with { LeadId = lead.LeadId };
        });
        return stored;
    }

    /// <summary>The same suggestion run by the engine in this process over the same leads in the in-memory stores.</summary>
    private static async Task<PointsSuggestion> ExpectedAsync(IReadOnlyList<PlantedLead> seeded, SuggestionOptions options)
    {
        var leads = new InMemoryLeadTables();
        PlantedSignalLeads.Seed(leads, seeded);
        var (jobs, queue) = (new InMemorySuggestionStore(), new InMemorySuggestionQueue());
        var live = new LeadScorer(ScoringModel.Default, TimeProvider.System);
        var service = new SuggestionService(jobs, queue, live, TimeProvider.System, NullLogger<SuggestionService>.Instance);
        var handler = new SuggestionPageHandler(
            jobs, queue, new KnownOutcomes(leads.Leads, leads.Scores), live, TimeProvider.System, NullLogger<SuggestionPageHandler>.Instance);
        var job = await service.StartAsync(options);
        await queue.DrainAsync(message => handler.HandleAsync(message));
        return (await service.GetAsync(job.Id))!.Value.Result!;
    }
}
