using System.Globalization;
using LeadFunctions.LocalHost;
using LeadFunctions.Testing.Azurite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// The local host as the benchmarks run it: in this process, on one Azurite, with every setting the app requires at
/// start (so a new required setting is added here once, not in each benchmark), warnings only in the log.
/// </summary>
internal static class BenchHost
{
    public const string FunctionKey = "bench-function-key-0123456789";
    public const string EventsSecret = "bench-events-secret-0123456789";

    /// <summary>
    /// The settings of a host on <paramref name="port"/>; <paramref name="runTriggers"/> false leaves the queue listeners
    /// and timers off (the HTTP path's storage work alone). Timers never fire by themselves (1 January only).
    /// </summary>
    public static Dictionary<string, string?> Settings(AzuriteFixture azurite, int port, bool runTriggers) => new()
    {
        ["urls"] = $"http://127.0.0.1:{port}",
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
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
        ["LocalHost:RunTriggers"] = runTriggers ? "true" : "false",
    };

    /// <summary>The host with <paramref name="settings"/> (not started).</summary>
    public static WebApplication Create(IReadOnlyDictionary<string, string?> settings) => LocalHostApplication.Create([], builder =>
    {
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    });

    /// <summary>A setting's number as configuration reads it.</summary>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
