using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;
using Microsoft.AspNetCore.Builder;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// The time from a publish on one instance until another instance scores with the new version (issue 20): two local
/// hosts on one Azurite, with real time and the default refresh interval (or the one given); each round stores a new
/// version on the first host, publishes it there (forced: the gate is not what is measured) and polls the second
/// host's <c>GET /api/health</c> (which reports the version its scorer uses) every 50 ms until it names the new one.
///   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- --publish-pickup [--refresh-seconds 30] [--rounds 3]
/// </summary>
internal static class PublishPickupBenchmark
{
    private const string FunctionKey = BenchmarkHost.FunctionKey;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(int refreshSeconds, int rounds)
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var ports = FreePorts.Pick(2);
        await using var first = await StartAsync(azurite, ports[0], refreshSeconds);
        await using var second = await StartAsync(azurite, ports[1], refreshSeconds);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var model = await BenchmarkHost.DefaultModelAsync();
        await VersionOfAsync(http, ports[1]); // the second host is up and has read the live pointer once
        var times = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var version = string.Create(CultureInfo.InvariantCulture, $"pickup-{round}-{Guid.NewGuid():N}")[..40];
            model["version"] = version;
            await SendAsync(http, ports[0], "api/models/versions", model.ToJsonString(), HttpStatusCode.Created);
            await SendAsync(
                http,
                ports[0],
                $"api/models/versions/{version}/publish",
                """{"reason":"publish pickup measurement","force":true}""",
                HttpStatusCode.OK);
            var watch = Stopwatch.StartNew();
            while (await VersionOfAsync(http, ports[1]) != version)
            {
                if (watch.Elapsed > Deadline)
                {
                    Console.WriteLine($"FAILED: the second host did not pick {version} up within {Deadline.TotalSeconds} s");
                    return 1;
                }

                await Task.Delay(50);
            }

            times.Add(watch.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: picked up after {watch.Elapsed.TotalSeconds:0.0} s"));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"publish -> second instance scoring with it (refresh {refreshSeconds} s): mean {times.Average():0.0} s, max {times.Max():0.0} s"));
        return 0;
    }

    private static async Task<WebApplication> StartAsync(AzuriteFixture azurite, int port, int refreshSeconds)
    {
        var settings = BenchmarkHost.Settings(azurite.ConnectionString, port);
        settings["LocalHost:RunTriggers"] = "false";
        settings["Models:LiveRefreshSeconds"] = refreshSeconds.ToString(CultureInfo.InvariantCulture);
        var app = BenchmarkHost.Create(settings);
        await app.StartAsync();
        return app;
    }

    private static async Task SendAsync(HttpClient http, int port, string path, string json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/{path}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", FunctionKey);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != expected)
        {
            throw new HttpRequestException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<string?> VersionOfAsync(HttpClient http, int port)
    {
        var health = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/api/health");
        return health.GetProperty("modelVersion").GetString();
    }
}
