// End-to-end load benchmark of the local host against one Azurite, each figure beside a raw baseline that makes the
// same storage requests with the Azure SDK's clients (the app's own), without application code, in the same process
// and session.
//   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- [--captures 3000] [--capture-rounds 1] [--capture-only] [--leads 1000]
//     [--decay-totals 10000,100000] [--decay-due N] [--decay-rounds 1] [--count-requests]
//   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- --outcomes 10000,50000   (see OutcomeReadBenchmark)
//   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- --publish-pickup [--refresh-seconds 30] [--rounds 3]
//   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- --anonymous [--anon-events 10000] [--visitors 1000]
//     [--joins 100]   (see AnonymousVisitorBenchmark)
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using LeadFunctions.LoadBenchmarks;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;
using Microsoft.AspNetCore.Builder;

if (args.Contains("--crash"))
{
    var seedAt = Array.IndexOf(args, "--seed");
    return await LeadFunctions.LoadBenchmarks.CrashTest.RunAsync(
        seedAt >= 0 && seedAt + 1 < args.Length ? int.Parse(args[seedAt + 1], CultureInfo.InvariantCulture) : 7);
}

if (args.Contains("--publish-pickup"))
{
    return await LeadFunctions.LoadBenchmarks.PublishPickupBenchmark.RunAsync(Option("--refresh-seconds", 30), Option("--rounds", 3));
}

if (args.Contains("--anonymous"))
{
    return await LeadFunctions.LoadBenchmarks.AnonymousVisitorBenchmark.RunAsync(
        Option("--anon-events", 10000), Option("--visitors", 1000), Option("--joins", 100));
}

if (OptionText("--outcomes") is { } outcomeTotals)
{
    return await LeadFunctions.LoadBenchmarks.OutcomeReadBenchmark.RunAsync(
        [.. outcomeTotals.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture))]);
}

const int Concurrency = 16;
const string FunctionKey = BenchmarkHost.FunctionKey;
var captures = Option("--captures", 3000);
var burstLeads = Option("--leads", 1000);
var decayTotals = (OptionText("--decay-totals") ?? "10000,100000").Split(',')
    .Select(t => int.Parse(t, CultureInfo.InvariantCulture))
    .Where(t => t > 0)
    .ToArray();
var decayDue = Option("--decay-due", 0);
var stamp = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
TableEntity Review(string partitionKey, string rowKey) =>
    new(partitionKey, rowKey) { ["LeadId"] = "0123456789abcdef0123456789abcdef", ["DueAtTicks"] = 639000000000000000L };

await using var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
var port = FreePorts.Pick(1)[0];
var settings = BenchmarkHost.Settings(azurite.ConnectionString, port);
// The capture phase runs without the queue listener, so that both sides measure the HTTP path's storage work alone
// (the raw baseline has no consumer either); the burst and decay phases then run with it.
settings["LocalHost:RunTriggers"] = "false";
var app = StartHost();
await app.StartAsync();
using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 })
{
    BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
};
// The raw baseline's clients: the Azure SDK's, created once and configured as the app's (base64 messages, no
// per-request log events).
var tables = new TableServiceClient(azurite.ConnectionString, new TableClientOptions { Diagnostics = { IsLoggingEnabled = false } });
var queues = new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString, new Azure.Storage.Queues.QueueClientOptions
{
    MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64,
    Diagnostics = { IsLoggingEnabled = false },
});
var rawQueue = queues.GetQueueClient("raw-rescore");
await rawQueue.CreateIfNotExistsAsync();
var rawLeads = tables.GetTableClient("Leads");
var rawEmails = tables.GetTableClient("LeadEmails");
var rawReviews = tables.GetTableClient("LeadDecayReviews");
var rawStages = tables.GetTableClient("LeadStages");
var report = new StringBuilder();

// ---- Capture -------------------------------------------------------------------------------------------------
await RunAsync(200, i => CaptureAsync(i, "warm"));
TableEntity LeadRow(string id) => new(id, "lead")
{
    ["Email"] = "someone@example.com", ["JobTitle"] = "Director of Marketing", ["CompanySize"] = 400, ["Industry"] = "Software",
    ["Country"] = "DE", ["CreatedAt"] = stamp, ["Stage"] = "Lead",
};
const string RawMessage = "{\"leadId\":\"0123456789abcdef0123456789abcdef\"}";
async Task RawCaptureAsync(int _)
{
    // The capture of a new lead, in the app's own tables (so Azurite's costs are the same): the email index row,
    // one transaction with the lead row and its first event, the queue message. 3 requests, as the app makes.
    var id = Guid.NewGuid().ToString("N");
    await rawEmails.AddEntityAsync(new TableEntity("raw" + id, "") { ["LeadId"] = id });
    await rawLeads.SubmitTransactionAsync(
    [
        new(TableTransactionActionType.Add, LeadRow(id)),
        new(
            TableTransactionActionType.Add,
            new TableEntity(id, "evt|form")
            {
                ["Source"] = "form",
                ["EventId"] = "e",
                ["Type"] = "Form Submitted",
                ["OccurredAt"] = stamp,
            }),
    ]);
    await rawQueue.SendMessageAsync(RawMessage);
}

// In rounds of app, raw, raw, app (each side's count split evenly among its turns): every capture makes the table
// bigger and Azurite slower, so a side measured later would be at a disadvantage, and Azurite (one Node process on the
// same two cores) now and then stalls for seconds, which lands in one turn. Many short rounds put both sides through
// the same growth and the same stalls; the throughput of each side is over all its turns, and the rounds' own ratios
// show the spread (their median is what one stall cannot move).
var captureRounds = Math.Max(1, Option("--capture-rounds", 1));
var perTurn = Math.Max(1, captures / (2 * captureRounds));
var appTurns = new List<(double PerSecond, int Errors, double BytesPerOperation, double CpuMicrosecondsPerOperation)>();
var rawTurns = new List<(double PerSecond, int Errors, double BytesPerOperation, double CpuMicrosecondsPerOperation)>();
var roundRatios = new List<double>();
var captureIndex = 0L;
for (var round = 0; round < captureRounds; round++)
{
    var first = captureIndex;
    var appFirst = await RunAsync(perTurn, i => CaptureAsync(first + i, "load"));
    var rawFirst = await RunAsync(perTurn, RawCaptureAsync);
    var rawSecond = await RunAsync(perTurn, RawCaptureAsync);
    var second = first + perTurn;
    var appSecond = await RunAsync(perTurn, i => CaptureAsync(second + i, "load"));
    captureIndex = second + perTurn;
    appTurns.AddRange([appFirst, appSecond]);
    rawTurns.AddRange([rawFirst, rawSecond]);
    roundRatios.Add(((1 / rawFirst.PerSecond) + (1 / rawSecond.PerSecond)) / ((1 / appFirst.PerSecond) + (1 / appSecond.PerSecond)));
}

static (double PerSecond, int Errors, double Bytes, double Cpu) Overall(
    List<(double PerSecond, int Errors, double BytesPerOperation, double CpuMicrosecondsPerOperation)> turns) => (
    turns.Count / turns.Sum(t => 1 / t.PerSecond), // every turn has the same count: count over the time of all turns
    turns.Sum(t => t.Errors),
    turns.Average(t => t.BytesPerOperation),
    turns.Average(t => t.CpuMicrosecondsPerOperation));
var capture = Overall(appTurns);
var rawCapture = Overall(rawTurns);
roundRatios.Sort();
var medianRound = Median(roundRatios);
var roundsText = captureRounds == 1
    ? string.Empty
    : string.Create(
        CultureInfo.InvariantCulture,
        $" ({captureRounds} rounds of {perTurn} a turn: median round {medianRound:F2}, rounds {roundRatios[0]:F2} to {roundRatios[^1]:F2})");
var halfRate = capture.PerSecond / 2;
var latencies = await OpenLoopAsync(halfRate, TimeSpan.FromSeconds(10), i => CaptureAsync(i, "latency"));
Report(
    $"| capture `POST /api/leads`, new leads, {Concurrency} concurrent (email index row, then lead + first event in one transaction, " +
    $"then the queue message: 3 requests, raw the same) | {capture.PerSecond:F0} req/s | {rawCapture.PerSecond:F0} iterations/s " +
    $"| {capture.PerSecond / rawCapture.PerSecond:F2}{roundsText} | p50 {latencies.P50:F1} ms, p99 {latencies.P99:F1} ms at {halfRate:F0} req/s; " +
    $"allocated {capture.Bytes / 1024:F1} KB per request (raw {rawCapture.Bytes / 1024:F1} KB); this process's CPU " +
    $"{capture.Cpu:F0} µs per request (raw {rawCapture.Cpu:F0} µs) | {capture.Errors + latencies.Errors} |");
await app.StopAsync();
await app.DisposeAsync();
if (args.Contains("--capture-only"))
{
    return 0;
}

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
    properties = new Dictionary<string, string>
    {
        ["path"] = k % 8 == 0 ? "/pricing" : "/blog",
        ["emailId"] = $"m{k}",
        ["feature"] = $"f{k}",
        ["contentId"] = $"c{k}",
    },
}))).ToArray();
// --count-requests: counts the burst's storage requests by kind, with their mean latency (HttpClient's diagnostic
// events; listening to them slows the app a little, so the timed figures are taken without it by default).
using var burstTables = args.Contains("--count-requests") ? new StorageRequestCounter(azurite.TableEndpoint.Authority) : null;
using var burstQueues = args.Contains("--count-requests") ? new StorageRequestCounter(azurite.QueueEndpoint.Authority) : null;
var burstAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var burstWatch = Stopwatch.StartNew();
var burstPost = await RunAsync(batches.Length, i => PostEventsAsync(batches[i]), concurrency: 4);
var postedAfter = burstWatch.Elapsed;
await DrainAsync("lead-rescore", TimeSpan.FromMinutes(10));
var drainedAfter = burstWatch.Elapsed;
var burstBytesPerLead = (double)(GC.GetTotalAllocatedBytes(precise: true) - burstAllocatedBefore) / burstLeads;
var scored = await CountScoredAsync(leadIds, expectedEvents: 11);
burstWatch.Stop();
Console.WriteLine(
    string.Create(
        CultureInfo.InvariantCulture,
        $"(burst: posted in {postedAfter.TotalSeconds:F1} s, queue drained at {drainedAfter.TotalSeconds:F1} s, verified " +
        $"at {burstWatch.Elapsed.TotalSeconds:F1} s)"));
if (burstTables is not null && burstQueues is not null)
{
    // The verification reads (one GET Leads() per lead, through the API) are counted too.
    Console.WriteLine(
        string.Create(
            CultureInfo.InvariantCulture,
            $"(burst storage requests per lead, verification included: " +
            $"{(double)(burstTables.Count + burstQueues.Count) / burstLeads:F2}: " +
            $"{string.Join(", ", burstTables.ByKind.Concat(burstQueues.ByKind)
                .OrderByDescending(k => k.Value)
                .Select(k => $"{k.Key} {k.Value}"))}; " +
            $"mean latency: {string.Join(", ", burstTables.MeanLatencies.Concat(burstQueues.MeanLatencies))})"));
}
var events = batches.Length * 100;
// The raw baseline works on leads of its own in the same Leads table (so its partition queries cost what the app's
// cost on Azurite, which scans), seeded untimed. Per lead, the 9 requests the app makes: read the lead, one
// transaction with its 10 events and the touch of the lead row, enqueue; then the rescore: receive and delete the
// message, the partition query, the new review index row, the lead replaced under its ETag, the old index row deleted.
async Task<double> RawBurstAsync(int concurrency)
{
    var rawLeadIds = Enumerable.Range(0, burstLeads).Select(i => $"rawburst{i:D6}{Guid.NewGuid():N}"[..32]).ToArray();
    await RunAsync(burstLeads, async i => await rawLeads.UpsertEntityAsync(LeadRow(rawLeadIds[i]), TableUpdateMode.Replace));
    var rawBurst = await RunAsync(burstLeads, async i =>
    {
        var id = rawLeadIds[i];
        await rawLeads.GetEntityAsync<TableEntity>(id, "lead");
        var operations = Enumerable.Range(0, 10)
            .Select(k => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(id, $"evt|{k}")
            {
                ["Source"] = "api", ["EventId"] = $"burst-{k}", ["Type"] = "Page Viewed", ["OccurredAt"] = now.AddMinutes(-k),
                ["Properties"] = """{"path":"/blog"}""",
            }))
            .Append(
                new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(id, "lead") { ["EventsAddedAt"] = stamp },
                    ETag.All))
            .ToList();
        await rawLeads.SubmitTransactionAsync(operations);
        await rawQueue.SendMessageAsync(RawMessage);
        foreach (var message in (await rawQueue.ReceiveMessagesAsync(1)).Value)
        {
            await rawQueue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        var lead = await LeadRowOfPartitionAsync(id);
        await rawReviews.UpsertEntityAsync(Review("9999rawburst", id), TableUpdateMode.Replace);
        await rawLeads.SubmitTransactionAsync([new(TableTransactionActionType.UpdateReplace, LeadRow(id), lead.ETag)]);
        await rawReviews.DeleteEntityAsync("9999rawburst", id);
    }, concurrency);
    return rawBurst.PerSecond * 10;
}

// The raw baseline twice, each on 1,000 leads of its own: with 16 leads in flight, and with as many as the app can
// have (4 posts of 10 leads + batchSize 16 + newBatchThreshold 8 queue messages = 64): Azurite's throughput depends
// on how many requests wait in it.
var burstRate = events / burstWatch.Elapsed.TotalSeconds;
var rawBurstRate = await RawBurstAsync(Concurrency);
var rawBurstRateWide = await RawBurstAsync(64);
Report(
    $"| burst: {events} events in batches of 100 to `/api/events`, until every lead is rescored ({scored}/{burstLeads} verified) " +
    $"| {burstRate:F0} events/s | {rawBurstRate:F0} events/s ({Concurrency} in flight); {rawBurstRateWide:F0} events/s (64 in flight) " +
    $"| {burstRate / rawBurstRate:F2}; {burstRate / rawBurstRateWide:F2} | {burstWatch.Elapsed.TotalSeconds:F1} s end to end; " +
    $"allocated {burstBytesPerLead / 1024:F0} KB per lead until the queue drained (10 events, a share of a post, a rescore) " +
    $"| {burstPost.Errors} |");

// Peak working set through the capture and burst runs (the local host, the load generator and the baselines share
// this process, so it is an upper bound for the host alone).
var peakThroughBurst = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);

// ---- Decay ---------------------------------------------------------------------------------------------------
// The table grows from one total to the next; each step seeds its own due leads (10 % of the total, or --decay-due).
// The raw baseline runs first on the same tables and leaves them as they were (same data, scratch index rows removed),
// then the timer runs through the admin route. Both make the same requests per due lead.
// --decay-rounds N: each total is seeded in N rounds (a share of its leads and of its due leads each), and every round
// runs the raw baseline and then the timer on that round's due leads, so that both sides go through the same table
// growth and one stall of Azurite's lands in one round of one side, not in a side's whole figure.
var decayRounds = Math.Max(1, Option("--decay-rounds", 1));
var seededTotal = 0;
foreach (var total in decayTotals)
{
    var dueCount = decayDue > 0 ? decayDue : total / 10;
    var roundDue = dueCount / decayRounds;
    dueCount = roundDue * decayRounds;
    var sampled = new List<string>();
    var bucket = string.Empty;
    var (appSeconds, rawSeconds, requests, decayAllocated) = (0.0, 0.0, 0, 0L);
    var decayRoundRatios = new List<double>();
    for (var round = 0; round < decayRounds; round++)
    {
        var roundTotal = (total - seededTotal) / (decayRounds - round);
        var (dueIds, roundBucket) = await SeedDecayAsync(roundTotal, roundDue);
        seededTotal += roundTotal;
        bucket = roundBucket;
        sampled.AddRange(dueIds.Take(Math.Max(0, 50 - sampled.Count)));
        var rawRate = await RawDecayAsync(bucket, roundDue);
        rawSeconds += roundDue / rawRate;
        using var counter = new StorageRequestCounter(azurite.TableEndpoint.Authority);
        var decayAllocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        using (var run = new HttpRequestMessage(HttpMethod.Post, "admin/functions/DecayAndNotify")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        })
        {
            run.Headers.Add("x-functions-key", FunctionKey);
            using var response = await http.SendAsync(run);
            response.EnsureSuccessStatusCode();
        }

        watch.Stop();
        appSeconds += watch.Elapsed.TotalSeconds;
        decayAllocated += GC.GetTotalAllocatedBytes(precise: true) - decayAllocatedBefore;
        requests += counter.Count;
        decayRoundRatios.Add(roundDue / watch.Elapsed.TotalSeconds / rawRate);
        if (round == decayRounds - 1)
        {
            // By kind, with their mean latency: Azurite's cost per request depends on its kind (a $filter query scans the table).
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"(decay storage requests by kind, last round: {string.Join(", ", counter.ByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"))}; " +
                    $"mean latency: {string.Join(", ", counter.MeanLatencies)})"));
        }
    }

    var left = await CountDueRowsAsync(bucket);
    var decayed = await CountDecayedAsync([.. sampled]);
    var appRate = dueCount / appSeconds;
    var rawDecay = dueCount / rawSeconds;
    decayRoundRatios.Sort();
    var decayRoundsText = decayRounds == 1
        ? string.Empty
        : string.Create(
            CultureInfo.InvariantCulture,
            $" ({decayRounds} rounds of {roundDue} due: median round {Median(decayRoundRatios):F2}, rounds {decayRoundRatios[0]:F2} to {decayRoundRatios[^1]:F2})");
    Report(
        $"| decay timer: {total:N0} stored leads, {dueCount:N0} due (each MQL recycled to Lead) | {appRate:F0} leads/s " +
        $"({appSeconds:F1} s) | {rawDecay:F0} leads/s | {appRate / rawDecay:F2}{decayRoundsText} | {(double)requests / dueCount:F2} table " +
        $"requests and {decayAllocated / (double)dueCount / 1024:F0} KB allocated per due lead; {left} due rows left; {decayed}/{sampled.Count} sampled leads decayed " +
        $"and due again later | {(left == 0 && decayed == sampled.Count ? 0 : 1)} |");
}

var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
Console.WriteLine();
Console.WriteLine("| measurement | LeadFunctions | raw baseline | ratio | latency / time | errors |");
Console.WriteLine("|---|---|---|---|---|---|");
Console.Write(report);
Console.WriteLine(
    string.Create(
        CultureInfo.InvariantCulture,
        $"\nPeak working set of this process (local host + load generator + baselines): {peakThroughBurst:F0} MB through capture and " +
        $"burst, {peak:F0} MB at the end"));
await app.StopAsync();
return 0;

void Report(string line)
{
    report.AppendLine(line);
    Console.WriteLine(line); // as it is measured, so a long run shows its figures early
}

WebApplication StartHost() => BenchmarkHost.Create(settings);

async Task CaptureAsync(long i, string tag)
{
    using var response = await http.PostAsJsonAsync(
        "api/leads",
        new
        {
            email = $"{tag}{i}.{Guid.NewGuid():N}@example.org",
            jobTitle = "Director of Marketing",
            companySize = "400",
            industry = "Software",
            country = "DE",
        });
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
    using var request = BenchmarkHost.EventsRequest(json);
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
            var results = await Task.WhenAll(
                chunk.Select(async id => (id, done: (await GetLeadAsync(id))?["eventCount"]?.GetValue<int>() >= expectedEvents)));
            done += results.Count(r => r.done);
            still.AddRange(results.Where(r => !r.done).Select(r => r.id));
        }

        pending = still;
    }

    return done;
}

async Task<(string[] DueIds, string Bucket)> SeedDecayAsync(int count, int dueCount)
{
    // Seeded straight into the app's tables, in their format: a lead that went MQL 40 days ago on a webinar and has
    // been quiet since (one lead row and one event row, one transaction per lead) and its review index row (one
    // transaction per 100 rows). Not measured.
    var leads = tables.GetTableClient("Leads");
    var decay = tables.GetTableClient("LeadDecayReviews");
    var runId = Guid.NewGuid().ToString("N")[..8];
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
    var ids = Enumerable.Range(0, count)
        .Select(i => Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes(runId + i.ToString(CultureInfo.InvariantCulture))).AsSpan(0, 16)))
        .ToArray();
    DateTimeOffset ReviewAt(int i) => i < dueCount ? dueAt : later;
    var seeding = Stopwatch.StartNew();
    await RunAsync(count, async i =>
    {
        var reviewAt = ReviewAt(i);
        var score = scoreJson.Replace("\"scoredAt\"", $"\"decayReviewDueAt\":\"{reviewAt:O}\",\"scoredAt\"", StringComparison.Ordinal);
        await leads.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpsertReplace, new TableEntity(ids[i], "lead")
            {
                ["Email"] = $"decay{i}.{runId}@example.org", ["JobTitle"] = "Director", ["CompanySize"] = 400, ["Stage"] = "MQL",
                ["CreatedAt"] = past, ["UpdatedAt"] = past, ["DecayReviewDueAt"] = reviewAt, ["Score0"] = score,
            }),
            new(
                TableTransactionActionType.UpsertReplace,
                new TableEntity(ids[i], "evt|seed")
                {
                    ["Source"] = "seed",
                    ["EventId"] = "seed",
                    ["Type"] = "Webinar Attended",
                    ["OccurredAt"] = past,
                    ["Properties"] = """{"webinarId":"w1"}""",
                }),
        ]);
    }, concurrency: 32);
    var indexBatches = Enumerable.Range(0, count).GroupBy(i => i < dueCount).SelectMany(group => group.Chunk(100)).ToArray();
    await RunAsync(
        indexBatches.Length,
        async b => await decay.SubmitTransactionAsync(indexBatches[b].Select(i => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(
                ReviewAt(i).UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture),
                ids[i] + "|" + ReviewAt(i).UtcTicks.ToString("D19", CultureInfo.InvariantCulture))
            {
                ["LeadId"] = ids[i], ["DueAtTicks"] = ReviewAt(i).UtcTicks,
            })).ToList()),
        concurrency: 8);
    Console.WriteLine(
        string.Create(
            CultureInfo.InvariantCulture,
            $"(seeded {count:N0} leads, {dueCount:N0} due, in {seeding.Elapsed.TotalSeconds:F0} s)"));
    return (ids[..dueCount], dueAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture));
}

async Task<double> RawDecayAsync(string bucket, int dueCount)
{
    // The same requests as the timer makes for a due lead that is recycled from MQL to Lead: the due index page
    // query (500 per page), then per lead the partition query, the new review index row and the new stage index
    // row, the lead replaced in a transaction guarded by its ETag, and the old index rows deleted. The lead is
    // written back unchanged and the index rows go to scratch partitions that are deleted again, so the timer
    // then finds the tables exactly as seeded.
    var watch = Stopwatch.StartNew();
    var processed = 0;
    await foreach (var rows in rawReviews
        .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey le {bucket}"), 500, ["LeadId", "DueAtTicks"])
        .AsPages())
    {
        var page = rows.Values.Select(row => row.GetString("LeadId")).ToArray();
        processed += page.Length;
        var scratch = "9999" + Guid.NewGuid().ToString("N")[..6];
        await RunAsync(page.Length, async i =>
        {
            var id = page[i];
            var lead = await LeadRowOfPartitionAsync(id);
            var unchanged = new TableEntity(lead.Where(p => p.Key is not ("odata.etag" or "Timestamp")).ToDictionary());
            await rawReviews.UpsertEntityAsync(Review(scratch, id), TableUpdateMode.Replace);
            await rawStages.UpsertEntityAsync(new TableEntity(scratch, id), TableUpdateMode.Replace);
            await rawLeads.SubmitTransactionAsync([new(TableTransactionActionType.UpdateReplace, unchanged, lead.ETag)]);
            await rawReviews.DeleteEntityAsync(scratch, id);
            await rawStages.DeleteEntityAsync(scratch, id);
        });
        if (processed >= dueCount)
        {
            break;
        }
    }

    if (processed != dueCount)
    {
        throw new InvalidOperationException($"The raw baseline found {processed} due rows, expected {dueCount}.");
    }

    return dueCount / watch.Elapsed.TotalSeconds;
}

async Task<int> CountDueRowsAsync(string bucket)
{
    var count = 0;
    await foreach (var _ in rawReviews
        .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey le {bucket}"), 1000, ["LeadId"]))
    {
        count++;
    }

    return count;
}

// A lead as the API returns it (GET /api/leads/{id}), or null.
async Task<JsonObject?> GetLeadAsync(string id)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, $"api/leads/{id}");
    request.Headers.Add("x-functions-key", FunctionKey);
    using var response = await http.SendAsync(request);
    return await response.Content.ReadFromJsonAsync<JsonObject>();
}

// The lead row (RowKey "lead") of a partition query over the lead's partition, as the rescore reads it.
async Task<TableEntity> LeadRowOfPartitionAsync(string id)
{
    TableEntity? lead = null;
    await foreach (var row in rawLeads.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), 1000))
    {
        lead = row.RowKey == "lead" ? row : lead;
    }

    return lead ?? throw new InvalidOperationException($"No lead row in partition {id}.");
}

async Task<int> CountDecayedAsync(string[] ids)
{
    var decayed = 0;
    foreach (var id in ids)
    {
        var lead = await GetLeadAsync(id);
        var engagement = lead?["engagementScore"]?.GetValue<decimal>();
        var nextReview = lead?["decayReviewDueAt"]?.GetValue<DateTimeOffset>();
        if (engagement is < 30 && nextReview > DateTimeOffset.UtcNow && lead?["stage"]?.GetValue<string>() == "Lead")
        {
            decayed++;
        }
    }

    return decayed;
}

// Throughput, errors, and bytes allocated and process CPU time per operation (see LoadDriver).
Task<(double PerSecond, int Errors, double BytesPerOperation, double CpuMicrosecondsPerOperation)> RunAsync(
    int count,
    Func<int, Task> operation,
    int concurrency = Concurrency) => LoadDriver.RunAsync(count, operation, concurrency);

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

// The middle of sorted values (the mean of the two middle ones for an even count).
static double Median(List<double> sorted) => sorted.Count % 2 == 1
    ? sorted[sorted.Count / 2]
    : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

int Option(string name, int fallback) => OptionText(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? OptionText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
