using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadFunctions.LocalHost.Tests.Sales;
using LeadFunctions.Testing.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>
/// What the local host writes to its logs: no hand-off token or function key from a request's address (the request
/// logging of ASP.NET Core and of HttpClient stays at Warning, set in code by the composition both hosts share, whatever
/// the configuration says), and no line per storage request (the Azure SDK's request logging stays at Warning).
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class RequestLoggingTests(LocalHostFixture host)
{
    [Fact]
    public async Task Tokens_in_hand_off_addresses_and_keys_in_code_never_reach_a_log_line()
    {
        var logs = new CapturingLoggerProvider();
        var settings = IsolatedSettings();
        // As in the deployed worker, where no appsettings.json raises these categories to Warning.
        settings["Logging:LogLevel:Default"] = "Debug";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Information";
        settings["Logging:LogLevel:System.Net.Http"] = "Information";
        var (app, client) = await host.StartHostAsync(settings, builder => builder.Logging.AddProvider(logs));
        try
        {
            var lead = await HandedOffLead.CreateAsync(host, client);
            using var page = await client.GetAsync(lead.Link.PathAndQuery.TrimStart('/'));
            using var post = await client.PostAsync(
                lead.Link.PathAndQuery.TrimStart('/'),
                new FormUrlEncodedContent(new Dictionary<string, string> { ["action"] = "accept" }));
            var today = DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime);
            using var report = await client.GetAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"api/reports/funnel?from={today.AddDays(-1):yyyy-MM-dd}&to={today:yyyy-MM-dd}&format=html&code={LocalHostFixture.FunctionKey}"));

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.True(post.StatusCode < HttpStatusCode.InternalServerError, post.StatusCode.ToString());
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            Assert.Contains(logs.Lines, line => line.Category.StartsWith("LeadFunctions.", StringComparison.Ordinal)); // it did log
            Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(lead.Token, StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Lines, line => line.Message.Contains(LocalHostFixture.FunctionKey, StringComparison.Ordinal));
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_storage_clients_log_no_request_below_warning()
    {
        var logs = new CapturingLoggerProvider();
        var (app, client) = await host.StartHostAsync(IsolatedSettings(), builder => builder.Logging.AddProvider(logs));
        try
        {
            using var captured = await client.PostAsJsonAsync("api/leads", new { email = $"quiet.{Guid.NewGuid():N}@example.org" });
            var leadId = (await captured.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
            await Eventually.GetAsync(
                () => HandedOffLead.GetLeadAsync(host, leadId, client),
                lead => lead?["scoredAt"] is not null,
                $"lead {leadId} to be scored through the queue");

            var noisy = logs.Lines.Where(line => line.Category.StartsWith("Azure.", StringComparison.Ordinal) && line.Level < LogLevel.Warning);
            Assert.Empty(noisy.Take(5));
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The fixture's settings with queues of their own, so this host's listener scores only its own leads.</summary>
    private Dictionary<string, string?> IsolatedSettings()
    {
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        settings["BacktestQueueName"] = "model-backtests-" + Guid.NewGuid().ToString("N")[..8];
        return settings;
    }
}
