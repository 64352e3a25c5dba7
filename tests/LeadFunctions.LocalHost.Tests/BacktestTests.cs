using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using LeadFunctions.Backtesting;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>
/// <c>POST /api/models/backtests</c> and <c>GET /api/models/backtests/{id}</c> through the local host: the job runs on
/// the real queue listener (RunBacktest) over Azurite, survives the host being stopped, and reports what the engine,
/// run in this process over the same leads, reports.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class BacktestTests(LocalHostFixture host, ITestOutputHelper output)
{
    private const int Leads = 240;
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_backtest_started_on_one_host_resumes_on_the_next_and_reports_what_the_engine_reports()
    {
        // A host of its own: its own tables (only these leads have outcomes) and its own backtest queue.
        var settings = host.Settings();
        settings["BacktestQueueName"] = "model-backtests-" + Guid.NewGuid().ToString("N")[..8];
        var (first, firstClient) = await host.StartHostAsync(settings);
        var seeded = OutcomeLeads.Generate(Leads, host.Clock.GetUtcNow(), seed: 7, minEvents: 3, maxEvents: 12);
        string location;
        try
        {
            await SeedAsync(
                first.Services.GetRequiredService<ILeadRepository>(),
                first.Services.GetRequiredService<ISalesActionStore>(),
                seeded);
            using var post = Post(CandidateModels.Candidate());
            using var started = await firstClient.SendAsync(post);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            var id = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
            location = started.Headers.Location!.ToString();
            Assert.Equal($"/api/models/backtests/{id}", location);

            // Stop the host once it has started on the job (if it finished already, the next host just reads it).
            var begun = await Eventually.GetAsync(() => GetAsync(firstClient, location), job => (int)job["progress"]!["pages"]! >= 1
                || (string)job["status"]! == "completed", "the first page", s_deadline);
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
                () => GetAsync(client, location), job => (string)job["status"]! != "running", "the backtest to end", s_deadline);

            Assert.Equal("completed", (string)job["status"]!);
            var expected = await ExpectedAsync(seeded, job["createdAt"]!.GetValue<DateTimeOffset>());
            AssertReports(expected, job);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
            client.Dispose();
        }
    }

    [Fact]
    public async Task An_invalid_candidate_is_a_400_naming_each_json_path_and_starts_nothing()
    {
        var json = CandidateModels.Candidate()
            .Replace("\"minFit\": 20", "\"minFit\": \"many\"", StringComparison.Ordinal);
        using var request = Post(json);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(
            problem["errors"]!.AsArray(),
            error => ((string)error!["path"]!).StartsWith("$.qualification.mql.minFit", StringComparison.Ordinal));
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_candidate_with_ten_thousand_rules_is_a_400_from_the_validator()
    {
        using var request = Post(CandidateModels.WithExtraRules(10_000));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.engagement.rules", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_candidate_that_is_not_json_is_a_415(string contentType)
    {
        using var request = host.Keyed(HttpMethod.Post, "api/models/backtests");
        request.Content = new StringContent(CandidateModels.Candidate(), Encoding.UTF8, contentType);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task A_body_larger_than_any_valid_model_is_a_413()
    {
        using var request = Post("{\"version\":\"" + new string('x', ScoringModel.MaxDocumentLength) + "\"}");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-an-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public async Task An_unknown_or_malformed_id_is_a_404_problem(string id)
    {
        using var request = host.Keyed(HttpMethod.Get, $"api/models/backtests/{id}");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Backtests_need_the_function_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/models/backtests")
        {
            Content = new StringContent(CandidateModels.Candidate(), Encoding.UTF8, "application/json"),
        };

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private HttpRequestMessage Post(string json)
    {
        var request = host.Keyed(HttpMethod.Post, "api/models/backtests");
        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return request;
    }

    private async Task<JsonNode> GetAsync(HttpClient client, string location)
    {
        using var request = host.Keyed(HttpMethod.Get, location.TrimStart('/'));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Stores the leads as the sales loop leaves them: created with their events, then at their outcome stage.</summary>
    private static async Task SeedAsync(ILeadRepository store, ISalesActionStore salesActions, IReadOnlyList<OutcomeLead> leads) =>
        await Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (seed, ct) =>
        {
            var events = seed.Events.Select(e => new StoredEvent("seed", e)).ToArray();
            var (lead, _) = await store.GetOrCreateLeadAsync(seed.Profile, LeadAttribution.None, events, ct);
            var outcome = OutcomeLeads.Score(seed.Outcome, seed.OutcomeAt);
            var saved = await salesActions.TrySaveSalesActionAsync(lead, outcome, null, seed.OutcomeAt, ct);
            Assert.Equal(SalesSaveResult.Saved, saved);
        });

    /// <summary>The same job run by the engine in this process over the same leads in the in-memory stores.</summary>
    private static async Task<BacktestResults> ExpectedAsync(IReadOnlyList<OutcomeLead> seeded, DateTimeOffset createdAt)
    {
        var leads = new InMemoryLeadTables();
        foreach (var seed in seeded)
        {
            OutcomeLeads.Seed(leads, seed.Profile, seed.Outcome, seed.OutcomeAt, seed.Events);
        }

        var jobs = new InMemoryBacktestStore();
        var queue = new InMemoryBacktestQueue();
        var job = new BacktestJob
        {
            Id = BacktestJob.NewId(),
            Status = BacktestStatus.Running,
            CreatedAt = createdAt,
            LiveModelVersion = ScoringModel.Default.Version,
            CandidateModelVersion = CandidateModels.Version,
        };
        await jobs.CreateJobAsync(job, CandidateModels.Candidate());
        var live = new LeadScorer(ScoringModel.Default, TimeProvider.System);
        var handler = new BacktestPageHandler(
            jobs, queue, new KnownOutcomes(leads.Leads, leads.Scores), live, TimeProvider.System, NullLogger<BacktestPageHandler>.Instance);
        await queue.EnqueueAsync(BacktestPageMessage.First(job.Id));
        await queue.DrainAsync(message => handler.HandleAsync(message));
        return (await jobs.GetJobAsync(job.Id))!.Results!;
    }

    private static void AssertReports(BacktestResults expected, JsonNode job)
    {
        var results = job["results"]!;
        Assert.Equal(Leads, (long)results["leads"]!);
        Assert.Equal(expected.Won, (long)results["won"]!);
        Assert.Equal(expected.NotWon, (long)results["notWon"]!);
        Assert.Equal(expected.Warnings, job["warnings"]!.AsArray().Select(w => (string)w!));
        foreach (var (name, model) in new[] { ("live", expected.Live), ("candidate", expected.Candidate) })
        {
            Assert.Equal(model.ModelVersion, (string)results[name]!["modelVersion"]!);
            foreach (var (when, metrics) in new[] { ("atOutcome", model.AtOutcome), ("now", model.Now) })
            {
                var actual = results[name]![when]!;
                Assert.Equal(metrics.Auc, (double?)actual["auc"]);
                Assert.Equal(metrics.Sqls, (long)actual["sqls"]!);
                Assert.Equal(metrics.SqlRecall, (double?)actual["sqlRecall"]);
                Assert.Equal(metrics.TopDecileLift, (double?)actual["topDecileLift"]);
                Assert.Equal(metrics.ByScoreBand.Select(b => b.Leads), actual["byScoreBand"]!.AsArray().Select(b => (long)b!["leads"]!));
                Assert.Equal(metrics.ByGrade.Select(g => g.Won), actual["byGrade"]!.AsArray().Select(g => (long)g!["won"]!));
            }
        }
    }
}
