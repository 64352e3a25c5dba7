using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Scoring;

namespace LeadFunctions.LocalHost.Tests.Models;

/// <summary>
/// <c>POST /api/models/suggestions</c> on the local host with Azurite: outcomes recorded through the status API, points
/// fitted to them. Each test that needs a known set of outcomes runs a host of its own (its own tables).
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class SuggestionsTests(LocalHostFixture host)
{
    [Fact]
    public Task Suggests_points_fitted_to_the_recorded_outcomes_as_a_valid_candidate_model() => OnItsOwnHostAsync(async client =>
    {
        var won = await CaptureAsync(client, 15, "CEO");
        var lost = await CaptureAsync(client, 10, "Student");
        var disqualified = await CaptureAsync(client, 5, "Student");
        await PostEventsAsync(client, won, "Demo Requested");
        await RecordAsync(client, won, new { status = "won", reason = "Annual plan" });
        await RecordAsync(client, lost, new { status = "lost", reason = "Price" });
        await RecordAsync(client, disqualified, new { status = "disqualified", reason = "Not a fit" });

        using var response = await client.SendAsync(Suggestions(null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((15, 15), (body["fit"]!["won"]!.GetValue<int>(), body["fit"]!["notWon"]!.GetValue<int>()));
        var candidate = ScoringModel.Parse(body["candidate"]!.ToJsonString());
        Assert.Equal(ScoringModel.Default.Version + "-suggested", candidate.Version);
        var rules = body["rules"]!.AsArray().ToDictionary(rule => rule!["ruleId"]!.GetValue<string>(), rule => rule!);
        Assert.True(rules["title-c-level"]["newPoints"]!.GetValue<decimal>() > 0);
        Assert.True(rules["title-student"]["newPoints"]!.GetValue<decimal>() < 0);
        Assert.True(rules["demo-requested"]["newPoints"]!.GetValue<decimal>() > 0);
        Assert.Equal(
            ("Engagement", -40m, -40m, "none"),
            (rules["spam-complaint"]["kind"]!.GetValue<string>(),
                rules["spam-complaint"]["oldPoints"]!.GetValue<decimal>(),
                rules["spam-complaint"]["newPoints"]!.GetValue<decimal>(),
                rules["spam-complaint"]["confidence"]!.GetValue<string>()));
        Assert.Contains(
            body["warnings"]!.AsArray(),
            warning => warning!.GetValue<string>().StartsWith("Only 15 won leads", StringComparison.Ordinal));
    });

    [Fact]
    public Task Too_few_outcomes_are_422_saying_how_many_a_fit_needs() => OnItsOwnHostAsync(async client =>
    {
        await RecordAsync(client, await CaptureAsync(client, 2, "CEO"), new { status = "won", reason = "Annual plan" });
        await RecordAsync(client, await CaptureAsync(client, 1, "Student"), new { status = "lost", reason = "Price" });

        using var response = await client.SendAsync(Suggestions("""{"holdout": 0.25, "lambda": 2}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith(
            "3 leads with a known outcome; a fit needs at least 20.",
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(),
            StringComparison.Ordinal);
    });

    [Fact]
    public async Task Bad_options_are_400_naming_each_field_and_a_body_that_is_not_json_is_415()
    {
        using var bad = await host.Client.SendAsync(Suggestions("""{"holdout": 0.9, "lambda": "big", "seed": 1}"""));
        var request = Suggestions(null);
        request.Content = new StringContent("holdout=0.1", Encoding.UTF8, "text/plain");
        using var notJson = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["holdout", "lambda", "seed"], errors.Select(error => error.Key).Order());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
    }

    /// <summary>Runs <paramref name="test"/> on a host with tables and a queue of its own: the outcomes are exactly its own.</summary>
    private async Task OnItsOwnHostAsync(Func<HttpClient, Task> test)
    {
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            await test(client);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private HttpRequestMessage Suggestions(string? json)
    {
        var request = host.Keyed(HttpMethod.Post, "api/models/suggestions");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>Captures <paramref name="count"/> leads with this job title through the landing-page form.</summary>
    private static async Task<IReadOnlyList<(string LeadId, string Email)>> CaptureAsync(HttpClient client, int count, string jobTitle)
    {
        var leads = new List<(string, string)>();
        for (var n = 0; n < count; n++)
        {
            var email = $"outcome.{Guid.NewGuid():N}@example.org";
            using var response = await client.PostAsJsonAsync("api/leads", new { email, jobTitle, companySize = "120" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            leads.Add(((await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>(), email));
        }

        return leads;
    }

    private async Task PostEventsAsync(HttpClient client, IReadOnlyList<(string LeadId, string Email)> leads, string type)
    {
        var occurredAt = host.Clock.GetUtcNow().AddHours(-1);
        var json = JsonSerializer.Serialize(
            leads.Select(lead => new { eventId = "s-" + lead.LeadId, email = lead.Email, type, occurredAt }));
        using var response = await client.SendAsync(host.SignedEvents(json));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Records an outcome for each lead through the status API, as a CRM would.</summary>
    private async Task RecordAsync(HttpClient client, IReadOnlyList<(string LeadId, string Email)> leads, object status)
    {
        foreach (var (leadId, _) in leads)
        {
            var request = host.Keyed(HttpMethod.Post, $"api/leads/{leadId}/status");
            request.Content = new StringContent(JsonSerializer.Serialize(status), Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
