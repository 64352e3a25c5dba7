using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// The two jobs that read every outcome lead, end to end (issue 22, item 4): a local host with its queue listener on the
/// Azurite the outcome benchmark seeded; a backtest of a candidate (the default model under a new version) and then a
/// suggestion with the default options, each from its <c>POST</c> until its <c>GET</c> answers <c>completed</c> (polled
/// every 100 ms). Part of <see cref="OutcomeReadBenchmark"/>'s run.
/// </summary>
internal static class OutcomeJobBenchmark
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>The seconds each job took (backtest, suggestion); null when one failed or did not read every outcome.</summary>
    public static async Task<(double Backtest, double Suggestion)?> RunAsync(AzuriteFixture azurite, int outcomes)
    {
        var port = FreePorts.Pick(1)[0];
        var settings = BenchmarkHost.Settings(azurite.ConnectionString, port);
        settings["LocalHost:RunTriggers"] = "true";
        await using var app = BenchmarkHost.Create(settings);
        await app.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        http.DefaultRequestHeaders.Add("x-functions-key", BenchmarkHost.FunctionKey);
        var candidate = await BenchmarkHost.DefaultModelAsync();
        candidate["version"] = string.Create(CultureInfo.InvariantCulture, $"bench-candidate-{outcomes}");
        var backtest = await RunJobAsync(http, "api/models/backtests", candidate.ToJsonString(), outcomes);
        var suggestion = await RunJobAsync(http, "api/models/suggestions", "{}", outcomes);
        await app.StopAsync();
        return backtest is { } b && suggestion is { } s ? (b, s) : null;
    }

    private static async Task<double?> RunJobAsync(HttpClient http, string route, string body, int outcomes)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync(route, new StringContent(body, Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            Console.WriteLine($"FAILED: {route} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return null;
        }

        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        while (watch.Elapsed < Deadline)
        {
            var job = (await http.GetFromJsonAsync<JsonObject>($"{route}/{id}"))!;
            switch (job["status"]!.GetValue<string>())
            {
                case "completed":
                    var seconds = watch.Elapsed.TotalSeconds;
                    var read = job["progress"]!["leads"]!.GetValue<long>();
                    if (read != outcomes)
                    {
                        Console.WriteLine($"FAILED: {route}/{id} completed having read {read} of {outcomes} outcome leads");
                        return null;
                    }

                    return seconds;
                case "failed":
                    Console.WriteLine($"FAILED: {route}/{id} failed: {job["failureReason"]}");
                    return null;
            }

            await Task.Delay(PollEvery);
        }

        Console.WriteLine($"FAILED: {route}/{id} did not complete within {Deadline.TotalMinutes} minutes");
        return null;
    }
}
