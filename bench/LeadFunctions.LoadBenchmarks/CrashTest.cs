using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Webhooks.Canonical;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Storage.Connection;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// The crash test: while a burst of 2,000 events is processed, the local host (a separate process) is killed with
/// SIGKILL twice at random moments and restarted. Afterwards every lead's stored score must equal the pure engine's
/// score of exactly the events sent (each once), no lead may be missing, and nothing may sit in the poison queue.
///   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- --crash
/// </summary>
internal static class CrashTest
{
    private const string FunctionKey = "crash-function-key-0123456789";
    private const string EventsSecret = "crash-events-secret-0123456789";

    public static async Task<int> RunAsync()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var root = RepositoryRoot.Find();
        var hostDll = Path.Combine(root, "src", "LeadFunctions.LocalHost", "bin", "Release", "net10.0", "LeadFunctions.LocalHost.dll");
        if (!File.Exists(hostDll))
        {
            throw new InvalidOperationException($"Build the local host first: dotnet build -c Release src/LeadFunctions.LocalHost ({hostDll} is missing).");
        }

        var port = FreePorts.Pick(1)[0];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var random = new Random(7);
        var host = Start(hostDll, port, azurite.ConnectionString);
        await WaitHealthyAsync(http);

        var now = DateTimeOffset.UtcNow;
        var emails = Enumerable.Range(0, 100).Select(i => $"crash{i}.{Guid.NewGuid():N}@example.org").ToArray();
        string[] types = ["Page Viewed", "Email Opened", "Webinar Attended", "Content Downloaded", "Feature Used", "Demo Requested"];
        var events = Enumerable.Range(0, 2000).Select(i => new CanonicalEvent(
            $"crash-{i}", emails[i % emails.Length], types[i % types.Length], now.AddMinutes(-i),
            new Dictionary<string, string> { ["path"] = i % 5 == 0 ? "/pricing" : "/docs", ["emailId"] = $"m{i % 9}", ["contentId"] = $"c{i % 4}", ["feature"] = $"f{i % 6}", ["webinarId"] = $"w{i % 3}" })).ToArray();
        var batches = events.Chunk(100).ToArray();
        var kills = new SortedSet<int> { random.Next(2, 9), random.Next(10, 18) };
        var killed = 0;

        for (var b = 0; b < batches.Length; b++)
        {
            var json = JsonSerializer.Serialize(batches[b], JsonSerializerOptions.Web);
            if (kills.Contains(b))
            {
                // Kill in the middle of processing: give the queue a random head start, then SIGKILL and restart.
                await Task.Delay(random.Next(50, 400));
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync();
                killed++;
                Console.WriteLine($"killed the local host (SIGKILL) before batch {b}; restarting");
                host = Start(hostDll, port, azurite.ConnectionString);
                await WaitHealthyAsync(http);
            }

            // Providers retry until they get a 2xx: so does this sender.
            while (!await PostAsync(http, json))
            {
                await Task.Delay(200);
            }
        }

        var queues = StorageConnection.Parse(azurite.ConnectionString).CreateQueueServiceClient();
        var queue = queues.GetQueueClient("lead-rescore");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(5)); // messages in flight when the count reached zero
        var poison = (await queues.GetQueueClient("lead-rescore-poison").PeekMessagesAsync(32)).Value.Length;

        var scorer = new LeadScorer(ScoringModel.Default, TimeProvider.System);
        int exact = 0, missing = 0, wrong = 0;
        var stored = await LoadAllAsync(http);
        foreach (var email in emails)
        {
            var lead = stored.GetValueOrDefault(email);
            if (lead is null)
            {
                missing++;
                continue;
            }

            var mine = events.Where(e => e.Email == email).Select(e => new EngagementEvent
            {
                EventId = e.EventId,
                Type = e.Type,
                OccurredAt = e.OccurredAt,
                Properties = new Dictionary<string, string>(e.Properties, StringComparer.OrdinalIgnoreCase),
            }).ToArray();
            var scoredAt = lead["scoredAt"]!.GetValue<DateTimeOffset>();
            var expected = scorer.Score(new LeadProfile { Email = email }, mine, LeadStanding.New, scoredAt);
            var ok = lead["eventCount"]!.GetValue<int>() == mine.Length && lead["engagementScore"]!.GetValue<decimal>() == expected.EngagementScore;
            if (ok)
            {
                exact++;
            }
            else
            {
                wrong++;
            }
        }

        host.Kill(entireProcessTree: true);
        Console.WriteLine($"crash test: {killed} SIGKILLs; {exact}/{emails.Length} leads exactly match the pure engine, {wrong} differ, {missing} missing; poison queue: {poison}");
        return wrong == 0 && missing == 0 && poison == 0 && killed == 2 ? 0 : 1;
    }

    private static Process Start(string dll, int port, string connectionString)
    {
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["AzureWebJobsStorage"] = connectionString;
        start.Environment["RescoreQueueName"] = "lead-rescore";
        start.Environment["DecayAndNotifySchedule"] = "0 0 0 1 1 *";
        start.Environment["Capture__RateLimitPerMinute"] = "100000";
        start.Environment["Webhooks__EventsSecret"] = EventsSecret;
        start.Environment["Smtp__Host"] = "127.0.0.1";
        start.Environment["Smtp__FromAddress"] = "crash@example.com";
        start.Environment["Notifications__DefaultRecipient"] = "sales@example.com";
        start.Environment["Notifications__LeadLinkBaseUrl"] = "http://localhost/api/leads/";
        start.Environment["LocalHost__FunctionKey"] = FunctionKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The local host did not become healthy.");
    }

    private static async Task<bool> PostAsync(HttpClient http, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add(CanonicalSignatureVerifier.HeaderName, CanonicalSignatureVerifier.CreateHeader(EventsSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(json)));
        try
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<Dictionary<string, JsonNode>> LoadAllAsync(HttpClient http)
    {
        var leads = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var stage in new[] { "Lead", "MQL", "SQL" })
        {
            string? token = null;
            do
            {
                using var list = new HttpRequestMessage(HttpMethod.Get, $"api/leads?stage={stage}&pageSize=200" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)));
                list.Headers.Add("x-functions-key", FunctionKey);
                using var response = await http.SendAsync(list);
                var page = await response.Content.ReadFromJsonAsync<JsonObject>();
                foreach (var item in page!["items"]!.AsArray())
                {
                    using var read = new HttpRequestMessage(HttpMethod.Get, $"api/leads/{item!["leadId"]!.GetValue<string>()}");
                    read.Headers.Add("x-functions-key", FunctionKey);
                    using var leadResponse = await http.SendAsync(read);
                    if (await leadResponse.Content.ReadFromJsonAsync<JsonNode>() is { } lead)
                    {
                        leads[lead["profile"]!["email"]!.GetValue<string>()] = lead;
                    }
                }

                token = page["continuationToken"]?.GetValue<string>();
            }
            while (token is not null);
        }

        return leads;
    }

    private sealed record CanonicalEvent(string EventId, string Email, string Type, DateTimeOffset OccurredAt, Dictionary<string, string> Properties);
}
