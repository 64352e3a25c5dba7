// End-to-end load benchmark of the local host against one Azurite, each figure beside a raw baseline that makes the
// same storage round trips with hand-signed HttpClient requests in the same process and session.
//   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- [--captures 3000] [--leads 1000] [--decay-totals 10000,100000]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Webhooks.Canonical;
using LeadFunctions.LocalHost;
using LeadFunctions.Storage.Benchmarks;
using LeadFunctions.Storage.Connection;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

if (args.Contains("--crash"))
{
    return await LeadFunctions.LoadBenchmarks.CrashTest.RunAsync();
}

const int Concurrency = 16;
const string FunctionKey = "bench-function-key-0123456789";
const string EventsSecret = "bench-events-secret-0123456789";
var captures = Option("--captures", 3000);
var burstLeads = Option("--leads", 1000);
var decayTotals = (OptionText("--decay-totals") ?? "10000,100000").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray();

await using var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
var port = FreePorts.Pick(1)[0];
var settings = new Dictionary<string, string?>
{
    ["urls"] = $"http://127.0.0.1:{port}",
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["RescoreQueueName"] = "lead-rescore",
    ["DecayAndNotifySchedule"] = "0 0 0 1 1 *",
    ["Capture:RateLimitPerMinute"] = "100000",
    ["Webhooks:EventsSecret"] = EventsSecret,
    ["Smtp:Host"] = "127.0.0.1",
    ["Smtp:FromAddress"] = "bench@example.com",
    ["Notifications:DefaultRecipient"] = "sales@example.com",
    ["Notifications:LeadLinkBaseUrl"] = "http://localhost/api/leads/",
    ["LocalHost:FunctionKey"] = FunctionKey,
    ["Decay:MaxLeadsPerRun"] = "1000000",
    ["Handoff:MaxPerRun"] = "1",
};
// The capture phase runs without the queue listener, so that both sides measure the HTTP path's storage work alone
// (the raw baseline has no consumer either); the burst and decay phases then run with it.
settings["LocalHost:RunTriggers"] = "false";
var app = StartHost();
await app.StartAsync();
using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
using var raw = new RawStorage(AzuriteFixture.AccountName, AzuriteFixture.AccountKey, azurite.TableEndpoint, azurite.QueueEndpoint);
var tables = StorageConnection.Parse(azurite.ConnectionString).CreateTableServiceClient();
var queues = StorageConnection.Parse(azurite.ConnectionString).CreateQueueServiceClient();
foreach (var name in new[] { "RawIndex", "RawLeads", "RawEvents", "RawDecay" })
{
    await tables.CreateTableIfNotExistsAsync(name);
}

await queues.GetQueueClient("raw-rescore").CreateIfNotExistsAsync();
var report = new StringBuilder();

// ---- Capture -------------------------------------------------------------------------------------------------
await RunAsync(200, i => CaptureAsync(i, "warm"));
var capture = await RunAsync(captures, i => CaptureAsync(i, "load"));
var leadJson = Encoding.UTF8.GetBytes("""{"Email":"someone@example.com","JobTitle":"Director of Marketing","CompanySize":400,"Industry":"Software","Country":"DE","CreatedAt@odata.type":"Edm.DateTime","CreatedAt":"2026-11-22T00:00:00Z","Stage":"Lead"}""");
var eventJson = Encoding.UTF8.GetBytes("""{"Source":"form","EventId":"e","Type":"Form Submitted","OccurredAt@odata.type":"Edm.DateTime","OccurredAt":"2026-11-22T00:00:00Z","EventsAddedAt@odata.type":"Edm.DateTime","EventsAddedAt":"2026-11-22T00:00:00Z"}""");
var messageXml = Encoding.UTF8.GetBytes("<QueueMessage><MessageText>" + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"leadId\":\"0123456789abcdef0123456789abcdef\"}")) + "</MessageText></QueueMessage>");
var rawCapture = await RunAsync(captures, async i =>
{
    // The capture of a new lead: email index row, lead row, event (+ lead touch) write, queue message.
    var id = Guid.NewGuid().ToString("N");
    await raw.UpsertEntityAsync("RawIndex", id, "", Encoding.UTF8.GetBytes($$"""{"LeadId":"{{id}}"}"""));
    await raw.UpsertEntityAsync("RawLeads", id, "lead", leadJson);
    await raw.UpsertEntityAsync("RawEvents", id, "evt|" + i.ToString(CultureInfo.InvariantCulture), eventJson);
    await raw.SendMessageAsync("raw-rescore", messageXml);
});
var halfRate = capture.PerSecond / 2;
var latencies = await OpenLoopAsync(halfRate, TimeSpan.FromSeconds(10), i => CaptureAsync(i, "latency"));
Report($"| capture `POST /api/leads` (new lead: index row, then lead + first event in one batch, then the queue message; raw: the same rows and message, 4 requests) | {capture.PerSecond:F0} req/s | {rawCapture.PerSecond:F0} iterations/s | {capture.PerSecond / rawCapture.PerSecond:F2} | p50 {latencies.P50:F1} ms, p99 {latencies.P99:F1} ms at {halfRate:F0} req/s | {capture.Errors + latencies.Errors} |");
await app.StopAsync();
await app.DisposeAsync();
settings["LocalHost:RunTriggers"] = "true";
app = StartHost();
await app.StartAsync();
await DrainAsync("lead-rescore", TimeSpan.FromMinutes(10));

// ---- Webhook burst -------------------------------------------------------------------------------------------
var leadIds = new string[burstLeads];
await RunAsync(burstLeads, async i => leadIds[i] = await CaptureLeadAsync($"burst{i}.{Guid.NewGuid():N}@example.org"));
await DrainAsync("lead-rescore", TimeSpan.FromMinutes(5));
var now = DateTimeOffset.UtcNow;
var batches = Enumerable.Range(0, burstLeads / 10).Select(b => JsonSerializer.Serialize(Enumerable.Range(0, 100).Select(k => new
{
    eventId = $"burst-{b}-{k}",
    leadId = leadIds[(b * 10) + (k % 10)],
    type = (k % 4) switch { 0 => "Page Viewed", 1 => "Email Opened", 2 => "Feature Used", _ => "Content Downloaded" },
    occurredAt = now.AddMinutes(-k),
    properties = new Dictionary<string, string> { ["path"] = k % 8 == 0 ? "/pricing" : "/blog", ["emailId"] = $"m{k}", ["feature"] = $"f{k}", ["contentId"] = $"c{k}" },
}))).ToArray();
var burstWatch = Stopwatch.StartNew();
var burstPost = await RunAsync(batches.Length, i => PostEventsAsync(batches[i]), concurrency: 4);
await DrainAsync("lead-rescore", TimeSpan.FromMinutes(10));
var scored = await CountScoredAsync(leadIds, expectedEvents: 11);
burstWatch.Stop();
var events = batches.Length * 100;
var rawBurst = await RunAsync(burstLeads, async i =>
{
    // Per lead: read the lead, write its 10 events (one batch in the app), enqueue; then the rescore: receive and
    // delete the message, read the partition, write the lead.
    var id = "burst" + i.ToString(CultureInfo.InvariantCulture);
    await raw.UpsertEntityAsync("RawLeads", id, "lead", leadJson);
    await raw.GetEntityAsync("RawLeads", id, "lead");
    await raw.UpsertEntityAsync("RawEvents", id, "evt|batch", eventJson);
    await raw.SendMessageAsync("raw-rescore", messageXml);
    await raw.ReceiveAndDeleteAsync("raw-rescore");
    await raw.GetEntityAsync("RawLeads", id, "lead");
    await raw.UpsertEntityAsync("RawLeads", id, "lead", leadJson);
});
var burstRate = events / burstWatch.Elapsed.TotalSeconds;
var rawBurstRate = rawBurst.PerSecond * 10;
Report($"| burst: {events} events in batches of 100 to `/api/events`, until every lead is rescored ({scored}/{burstLeads} verified) | {burstRate:F0} events/s | {rawBurstRate:F0} events/s | {burstRate / rawBurstRate:F2} | {burstWatch.Elapsed.TotalSeconds:F1} s end to end | {burstPost.Errors} |");

// ---- Decay ---------------------------------------------------------------------------------------------------
foreach (var total in decayTotals)
{
    var (seconds, due) = await DecayAsync(total);
    var rawDecay = await RunAsync(due, async i =>
    {
        // Per due lead: read the lead (the partition query), write the lead, write the new index row, remove the old.
        var id = "decay" + i.ToString(CultureInfo.InvariantCulture);
        await raw.UpsertEntityAsync("RawLeads", id, "lead", leadJson);
        await raw.GetEntityAsync("RawLeads", id, "lead");
        await raw.UpsertEntityAsync("RawLeads", id, "lead", leadJson);
        await raw.UpsertEntityAsync("RawDecay", "2026112300", id, eventJson);
        await raw.UpsertEntityAsync("RawDecay", "2026112301", id, eventJson);
    });
    Report($"| decay timer: {total:N0} stored leads, {due:N0} due | {due / seconds:F0} leads/s ({seconds:F2} s) | {rawDecay.PerSecond:F0} leads/s | {due / seconds / rawDecay.PerSecond:F2} | | 0 |");
}

var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
Console.WriteLine();
Console.WriteLine("| measurement | LeadFunctions | raw baseline | ratio | latency / time | errors |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.Write(report);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nPeak working set of this process (local host + load generator + baselines): {peak:F0} MB"));
await app.StopAsync();
return 0;

void Report(string line)
{
    report.AppendLine(line);
    Console.WriteLine(line); // as it is measured, so a long run shows its figures early
}

WebApplication StartHost() => LocalHostApplication.Create([], builder =>
{
    builder.Configuration.AddInMemoryCollection(settings);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
});

async Task CaptureAsync(long i, string tag)
{
    using var response = await http.PostAsJsonAsync("api/leads", new { email = $"{tag}{i}.{Guid.NewGuid():N}@example.org", jobTitle = "Director of Marketing", companySize = "400", industry = "Software", country = "DE" });
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        throw new HttpRequestException($"capture answered {(int)response.StatusCode}");
    }
}

async Task<string> CaptureLeadAsync(string email)
{
    using var response = await http.PostAsJsonAsync("api/leads", new { email });
    return (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
}

async Task PostEventsAsync(string json)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, "api/events") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    request.Headers.Add(CanonicalSignatureVerifier.HeaderName, CanonicalSignatureVerifier.CreateHeader(EventsSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(json)));
    using var response = await http.SendAsync(request);
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        throw new HttpRequestException($"events answered {(int)response.StatusCode}");
    }
}

async Task DrainAsync(string queue, TimeSpan timeout)
{
    var client = queues.GetQueueClient(queue);
    var deadline = DateTime.UtcNow + timeout;
    var emptyFor = 0;
    while (DateTime.UtcNow < deadline && emptyFor < 3)
    {
        var peeked = (await client.PeekMessagesAsync(1)).Value;
        emptyFor = peeked.Length == 0 ? emptyFor + 1 : 0;
        await Task.Delay(50);
    }
}

async Task<int> CountScoredAsync(string[] ids, int expectedEvents)
{
    var done = 0;
    var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
    var pending = ids.ToList();
    while (pending.Count > 0 && DateTime.UtcNow < deadline)
    {
        var still = new List<string>();
        foreach (var chunk in pending.Chunk(32))
        {
            var results = await Task.WhenAll(chunk.Select(async id =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"api/leads/{id}");
                request.Headers.Add("x-functions-key", FunctionKey);
                using var response = await http.SendAsync(request);
                var lead = await response.Content.ReadFromJsonAsync<JsonObject>();
                return (id, done: lead?["eventCount"]?.GetValue<int>() >= expectedEvents);
            }));
            done += results.Count(r => r.done);
            still.AddRange(results.Where(r => !r.done).Select(r => r.id));
        }

        pending = still;
    }

    return done;
}

async Task<(double Seconds, int Due)> DecayAsync(int total)
{
    // Seed: every lead gets its lead row and its review index row; 10 % are due now, the rest in 30 days. Seeded
    // straight into the app's tables (in their format) so that 100,000 leads fit in the run; the timer is then
    // run through the admin route and timed.
    var due = total / 10;
    var leads = tables.GetTableClient("Leads");
    var decay = tables.GetTableClient("LeadDecayReviews");
    var runId = Guid.NewGuid().ToString("N")[..6];
    var past = DateTimeOffset.UtcNow.AddDays(-40);
    var dueAt = DateTimeOffset.UtcNow.AddHours(-1);
    var later = DateTimeOffset.UtcNow.AddDays(30);
    var scoreJson = JsonSerializer.Serialize(new
    {
        fitScore = 50, engagementScore = 30, grade = "B", stage = "MQL", isPql = false,
        bant = new { budget = false, authority = true, need = false, timeline = false },
        stageHistory = new[] { new { from = "Lead", to = "MQL", at = past, reason = "seed" } },
        breakdown = Array.Empty<object>(), recentEvents = Array.Empty<object>(), modelVersion = "seed", scoredAt = past, eventCount = 1,
    });
    await RunAsync(total, async i =>
    {
        var isDue = i < due;
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(runId + i.ToString(CultureInfo.InvariantCulture))).AsSpan(0, 16));
        var reviewAt = isDue ? dueAt : later;
        var score = scoreJson.Replace("\"scoredAt\"", $"\"decayReviewDueAt\":\"{reviewAt:O}\",\"scoredAt\"", StringComparison.Ordinal);
        await leads.UpsertEntityAsync(new TableEntity(id, "lead")
        {
            ["Email"] = $"decay{i}.{runId}@example.org", ["JobTitle"] = "Director", ["CompanySize"] = 400, ["Stage"] = "MQL",
            ["CreatedAt"] = past, ["UpdatedAt"] = past, ["Score0"] = score,
        });
        await leads.UpsertEntityAsync(new TableEntity(id, "evt|seed") { ["Source"] = "seed", ["EventId"] = "seed", ["Type"] = "Webinar Attended", ["OccurredAt"] = past });
        await decay.UpsertEntityAsync(new TableEntity(reviewAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), id + "|" + reviewAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture))
        {
            ["LeadId"] = id, ["DueAtTicks"] = reviewAt.UtcTicks,
        });
    }, concurrency: 32);

    var watch = Stopwatch.StartNew();
    using var run = new HttpRequestMessage(HttpMethod.Post, "admin/functions/DecayAndNotify") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
    run.Headers.Add("x-functions-key", FunctionKey);
    using var response = await http.SendAsync(run);
    watch.Stop();
    return (watch.Elapsed.TotalSeconds, due);
}

async Task<(double PerSecond, int Errors)> RunAsync(int count, Func<int, Task> operation, int concurrency = Concurrency)
{
    var next = -1;
    var errors = 0;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            try
            {
                await operation(i);
            }
            catch (Exception exception) when (exception is HttpRequestException or Azure.RequestFailedException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }));
    return (count / watch.Elapsed.TotalSeconds, errors);
}

async Task<(double P50, double P99, int Errors)> OpenLoopAsync(double rate, TimeSpan duration, Func<int, Task> operation)
{
    var timings = new System.Collections.Concurrent.ConcurrentBag<double>();
    var errors = 0;
    var interval = TimeSpan.FromSeconds(1 / rate);
    var start = Stopwatch.GetTimestamp();
    var tasks = new List<Task>();
    for (var i = 0; Stopwatch.GetElapsedTime(start) < duration; i++)
    {
        var due = interval * i;
        var wait = due - Stopwatch.GetElapsedTime(start);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var index = i;
        tasks.Add(Task.Run(async () =>
        {
            var began = Stopwatch.GetTimestamp();
            try
            {
                await operation(index);
                timings.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        }));
    }

    await Task.WhenAll(tasks);
    var sorted = timings.Order().ToArray();
    return (sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)], errors);
}

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
