using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.LocalHost;
using LeadFunctions.Testing;
using LeadFunctions.Webhooks.Canonical;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// The local host as the load benchmarks run it in their own process: its settings against one Azurite (limits raised
/// so that they measure storage work, not the rate limiter; timers that never fire), its start, and the signed requests
/// of <c>POST /api/events</c>.
/// </summary>
internal static class BenchmarkHost
{
    public const string FunctionKey = "bench-function-key-0123456789";
    public const string EventsSecret = "bench-events-secret-0123456789";

    public static Dictionary<string, string?> Settings(string storageConnectionString, int port) => new()
    {
        ["urls"] = $"http://127.0.0.1:{port}",
        ["AzureWebJobsStorage"] = storageConnectionString,
        ["RescoreQueueName"] = "lead-rescore",
        ["BacktestQueueName"] = "model-backtests",
        ["SuggestionQueueName"] = "model-suggestions",
        ["DecayAndNotifySchedule"] = "0 0 0 1 1 *",
        ["Models:ReviewSchedule"] = "0 0 0 1 1 *",
        ["Models:ReviewRecipient"] = "marketing-ops@example.com",
        ["Capture:RateLimitPerMinute"] = "100000",
        ["Webhooks:EventsSecret"] = EventsSecret,
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:FromAddress"] = "bench@example.com",
        ["Notifications:DefaultRecipient"] = "sales@example.com",
        ["Notifications:PublicBaseUrl"] = "http://localhost/api/",
        ["Handoff:LinkSecret"] = "bench-handoff-link-secret-0123456789-abcdef",
        ["LocalHost:FunctionKey"] = FunctionKey,
        ["Decay:MaxLeadsPerRun"] = "1000000",
        ["Handoff:MaxPerRun"] = "1",
    };

    /// <summary>The local host on <paramref name="settings"/>, logging warnings and errors only (not started).</summary>
    public static WebApplication Create(IReadOnlyDictionary<string, string?> settings) => LocalHostApplication.Create([], builder =>
    {
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    });

    /// <summary>The default model document (<c>scoring-model.json</c>), to change and post as a candidate or a version.</summary>
    public static async Task<JsonNode> DefaultModelAsync() => JsonNode.Parse(
        await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "src/LeadFunctions.Core/Scoring/scoring-model.json")),
        documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;

    /// <summary>A canonical event batch for <c>POST api/events</c>, signed with <see cref="EventsSecret"/> now.</summary>
    public static HttpRequestMessage EventsRequest(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(
            CanonicalSignatureVerifier.HeaderName,
            CanonicalSignatureVerifier.CreateHeader(EventsSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(json)));
        return request;
    }
}
