using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.FunctionApp.Functions;
using LeadFunctions.Scoring;
using LeadFunctions.Suggestions;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class SuggestionFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task StartSuggestion_queues_base64_pages_that_RunSuggestion_takes_to_a_completed_answer()
    {
        // The collection shares one store: these 24 outcomes are enough whatever other tests recorded. Each form comes
        // from an address of its own, so that the capture's rate limit per address is left to the other tests.
        for (var n = 0; n < 24; n++)
        {
            var won = n % 2 == 0;
            var leadId = await CaptureAsync(n, won ? "CEO" : "Student");
            var status = won ? new { status = "won", reason = "Annual plan" } : new { status = "lost", reason = "Price" };
            var context = FunctionRequest.Create("POST", $"/api/leads/{leadId}/status", JsonSerializer.Serialize(status));
            context.Request.RouteValues["leadId"] = leadId;
            var recorded = await app.InvokeHttpAsync<SalesFunctions>(
                context,
                (functions, request, ct) => functions.PostLeadStatusAsync(request, leadId, ct));
            Assert.Equal(StatusCodes.Status200OK, recorded.StatusCode);
        }

        var started = await StartAsync("""{"sqlShare": 0.3}""");
        Assert.Equal(StatusCodes.Status202Accepted, started.StatusCode);
        var id = started.Json()["id"]!.GetValue<string>();
        Assert.Equal($"/api/models/suggestions/{id}", started.Headers.Location.ToString());
        Assert.Equal(("running", $"/api/models/suggestions/{id}"), (
            started.Json()["status"]!.GetValue<string>(), started.Json()["location"]!.GetValue<string>()));

        // Won, Lost, Disqualified: at least a page each (this app's tables may hold other tests' outcomes).
        for (var page = 1; (await GetAsync(id)).Json()["status"]!.GetValue<string>() == "running"; page++)
        {
            Assert.True(page <= 20, "The job should end after a page per outcome stage.");
            var stored = await app.TakeSuggestionMessageAsync(text => NamesJob(text, id), $"page {page} of suggestion {id}");
            Assert.False(stored.TrimStart().StartsWith('{'), $"The queue holds '{stored}': the app must store base64.");
            await app.InvokeAsync<SuggestionFunctions>(
                (functions, ct) => functions.RunSuggestionAsync(FunctionAppFixture.AsDelivered(stored), ct));
        }

        var done = (await GetAsync(id)).Json();
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        var result = done["result"]!;
        Assert.EndsWith("-suggested", ScoringModel.Parse(result["candidate"]!.ToJsonString()).Version, StringComparison.Ordinal);
        Assert.True(result["fit"]!["won"]!.GetValue<int>() >= 12);
        Assert.Equal(0.3, result["thresholds"]!["sqlShare"]!.GetValue<double>());
        Assert.Equal(0.3, done["options"]!["sqlShare"]!.GetValue<double>());
        Assert.NotNull(result["thresholds"]!["today"]!["bands"]);
        Assert.NotNull(result["discovered"]);
    }

    [Fact]
    public async Task FailSuggestion_marks_the_job_of_a_poison_page_failed()
    {
        var id = (await StartAsync(null)).Json()["id"]!.GetValue<string>();
        var stored = await app.TakeSuggestionMessageAsync(text => NamesJob(text, id), $"page 1 of suggestion {id}");

        await app.InvokeAsync<SuggestionFunctions>(
            (functions, ct) => functions.FailSuggestionAsync(FunctionAppFixture.AsDelivered(stored), ct));

        var failed = (await GetAsync(id)).Json();
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Equal("Page 1 could not be processed after its retries; the app's logs have the error.", failed["failureReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartSuggestion_names_the_bad_option_and_GetSuggestion_answers_404_for_an_unknown_id()
    {
        var bad = await StartAsync("""{"lambda": 0, "sqlShare": 1.5}""");
        var unknown = await GetAsync(SuggestionJob.NewId());
        var malformed = await GetAsync("not-an-id");

        Assert.Equal(StatusCodes.Status400BadRequest, bad.StatusCode);
        Assert.NotNull(bad.Json()["errors"]!["lambda"]);
        Assert.NotNull(bad.Json()["errors"]!["sqlShare"]);
        Assert.Equal((404, 404), (unknown.StatusCode, malformed.StatusCode));
        Assert.StartsWith("application/problem+json", unknown.ContentType, StringComparison.Ordinal);
    }

    private async Task<string> CaptureAsync(int n, string jobTitle)
    {
        var form = JsonSerializer.Serialize(new { email = $"fit.{Guid.NewGuid():N}@example.org", jobTitle });
        var context = FunctionRequest.Create("POST", "/api/leads", form);
        context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100." + (n + 1).ToString(CultureInfo.InvariantCulture));
        var captured = await app.InvokeHttpAsync<CaptureFunctions>(
            context,
            (functions, request, ct) => functions.CaptureLeadAsync(request, ct));
        Assert.Equal(StatusCodes.Status202Accepted, captured.StatusCode);
        return captured.Json()["leadId"]!.GetValue<string>();
    }

    private Task<FunctionResponse> StartAsync(string? body) => app.InvokeHttpAsync<SuggestionFunctions>(
        FunctionRequest.Create("POST", "/api/models/suggestions", body),
        (functions, request, ct) => functions.StartSuggestionAsync(request, ct));

    private Task<FunctionResponse> GetAsync(string id) => app.InvokeHttpAsync<SuggestionFunctions>(
        FunctionRequest.Create("GET", $"/api/models/suggestions/{id}"),
        (functions, request, ct) => functions.GetSuggestionAsync(request, id, ct));

    private static bool NamesJob(string delivered, string id) => JsonNode.Parse(delivered)?["jobId"]?.GetValue<string>() == id;
}
