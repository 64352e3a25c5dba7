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
using Azure.Storage.Queues;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Visitors;
using LeadFunctions.Webhooks.Canonical;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// Anonymous visitors under load (issue 21, item 2, Volume: at most 1 storage request per anonymous page view on average,
/// and ingest then join at 0.9 or more of a raw SDK baseline making the same requests). The local host runs in this
/// process on one Azurite, without its queue listener and timers (<c>LocalHost:RunTriggers</c> false), so that both sides
/// measure the HTTP path's storage work alone; the joins' rescore messages stay in the queue, where the check counts them.
/// <list type="bullet">
/// <item>Ingest: page views (<c>Page Viewed</c> with a <c>path</c>, distinct event ids, in the past days) posted as signed
/// canonical batches of 100 to <c>POST api/events</c>, 4 at once, in two rounds: each batch holds 20 visitors × 5 events;
/// the first round creates every visitor, the second appends to known ones.</item>
/// <item>Join: some of those visitors post a form (a new email and the <c>anonymousId</c> field) to
/// <c>POST api/leads</c>, 16 at once: a new lead each, which takes the visitor's events.</item>
/// </list>
/// The raw baseline makes the same requests with the Azure SDK's clients on visitors and leads of its own in the same
/// tables (so Azurite's costs are the same), with the same batching and concurrency: per visitor and batch, the merge
/// transaction (which fails with 404 for a new visitor, then the retention index upsert and the create transaction), and
/// the trim query on the same appends as the app (its events have the app's row keys); per join, the app's sequence
/// (see <see cref="JoinRawAsync"/>). Both sides' storage requests are counted by kind (HttpClient's diagnostic events,
/// the same cost per request on both sides) and printed, so that a reader can check they match. Each phase runs in the
/// order app, raw, raw, app, on half the visitors (or joins) each time: every write makes the tables bigger and Azurite
/// slower. Checked afterwards, untimed: every visitor holds its events, or (joined) none and names its lead; every
/// joined lead holds its visitor's events and its form; one rescore message per join.
///   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- --anonymous [--anon-events 10000] [--visitors 1000]
///     [--joins 100]
/// </summary>
internal static class AnonymousVisitorBenchmark
{
    private const int BatchSize = 100;
    private const int Rounds = 2;
    private const int PostConcurrency = 4;

    /// <summary>Visitors of one batch stored at once, as <c>EngagementIngestionService</c> stores them.</summary>
    private const int VisitorParallelism = 16;

    private const int JoinConcurrency = 16;
    /// <summary>
    /// Enough visitors that each side's per-batch code has run more than the 30 calls after which .NET compiles it
    /// optimised (tiered compilation) before anything is timed: 400 visitors make 40 batches a side, and 40 of them join.
    /// </summary>
    private const int WarmVisitors = 400;
    private const int WarmJoins = 40;
    private const string PageViewed = "Page Viewed";
    private const string FormId = "demo-request";
    private const string PageUrl = "https://www.example.com/pricing";

    /// <summary>The visitor state row's record of its retention index row (as <see cref="TableVisitorStore"/> writes it).</summary>
    private const string RetentionBucketProperty = "RetentionBucket";

    private static readonly string[] Paths =
    [
        "/pricing", "/blog/lead-scoring-101", "/compare/hubspot", "/features/routing", "/blog/mql-vs-sql", "/pricing/enterprise",
        "/compare/marketo", "/customers",
    ];

    private static readonly string[] TrimColumns = ["RowKey", "Source", "EventId", "OccurredAt"];
    private static readonly string[] ScanColumns = ["PartitionKey", "RowKey", "LeadId", "EventId"];

    public static async Task<int> RunAsync(int events, int visitors, int joins)
    {
        if (events % visitors != 0 || events / visitors is < Rounds or > BatchSize || events / visitors % Rounds != 0
            || joins < 2 || joins > visitors)
        {
            Console.Error.WriteLine(
                "--anon-events must be 2 to 100 events per visitor, an even number, and --joins at least 2 and at most --visitors.");
            return 2;
        }

        var perVisitor = events / visitors;
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var port = FreePorts.Pick(1)[0];
        var settings = BenchmarkHost.Settings(azurite.ConnectionString, port);
        settings["LocalHost:RunTriggers"] = "false";
        await using var app = BenchmarkHost.Create(settings);
        await app.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        var storage = RawStorage.Create(azurite.ConnectionString, settings["RescoreQueueName"]!);
        await storage.Queue.CreateIfNotExistsAsync();
        var now = DateTimeOffset.UtcNow;

        // Warm-up, untimed: JIT, connections, and the app's tables (created at its first request; the raw side uses them).
        var warm = PageViews("warm", WarmVisitors, perVisitor, now);
        var warmApp = Visitors.Anonymous(WarmVisitors, warm);
        var warmRaw = Visitors.Raw(WarmVisitors, warm);
        await IngestThroughAppAsync(azurite, http, warmApp, 0, WarmVisitors);
        await IngestRawAsync(azurite, storage, warmRaw, 0, WarmVisitors);
        var warmLeads = new string?[WarmVisitors];
        await JoinThroughAppAsync(azurite, http, warmApp, [.. Enumerable.Range(0, WarmJoins)], warmLeads, "warm");
        await JoinRawAsync(azurite, storage, warmRaw, [.. Enumerable.Range(0, WarmJoins)], warmLeads, "warm");

        // ---- Ingest: app, raw, raw, app, on half the visitors each --------------------------------------------------
        var views = PageViews("pv", visitors, perVisitor, now);
        var appVisitors = Visitors.Anonymous(visitors, views);
        var rawVisitors = Visitors.Raw(visitors, views);
        var half = visitors / 2;
        var appIngest1 = await IngestThroughAppAsync(azurite, http, appVisitors, 0, half);
        var rawIngest1 = await IngestRawAsync(azurite, storage, rawVisitors, 0, half);
        var rawIngest2 = await IngestRawAsync(azurite, storage, rawVisitors, half, visitors);
        var appIngest2 = await IngestThroughAppAsync(azurite, http, appVisitors, half, visitors);
        var appNew = appIngest1[0].Plus(appIngest2[0]);
        var appKnown = appIngest1[1].Plus(appIngest2[1]);
        var rawNew = rawIngest1[0].Plus(rawIngest2[0]);
        var rawKnown = rawIngest1[1].Plus(rawIngest2[1]);
        var appIngest = appNew.Plus(appKnown);
        var rawIngest = rawNew.Plus(rawKnown);

        // ---- Join: app, raw, raw, app, on half the joins each -------------------------------------------------------
        var joined = Enumerable.Range(0, joins).Select(j => j * (visitors / joins)).ToArray();
        var halfJoins = joins / 2;
        var appLeads = new string?[visitors];
        var rawLeads = new string?[visitors];
        var appJoin1 = await JoinThroughAppAsync(azurite, http, appVisitors, joined[..halfJoins], appLeads, "visitor");
        var rawJoin1 = await JoinRawAsync(azurite, storage, rawVisitors, joined[..halfJoins], rawLeads, "visitor");
        var rawJoin2 = await JoinRawAsync(azurite, storage, rawVisitors, joined[halfJoins..], rawLeads, "visitor");
        var appJoin2 = await JoinThroughAppAsync(azurite, http, appVisitors, joined[halfJoins..], appLeads, "visitor");
        var appJoin = appJoin1.Plus(appJoin2);
        var rawJoin = rawJoin1.Plus(rawJoin2);

        // ---- Report ----------------------------------------------------------------------------------------------------
        var perBatch = BatchSize / (perVisitor / Rounds);
        var appRate = events / appIngest.Seconds;
        var rawRate = events / rawIngest.Seconds;
        var appJoins = joins / appJoin.Seconds;
        var rawJoins = joins / rawJoin.Seconds;
        Console.WriteLine();
        Console.WriteLine("| measurement | LeadFunctions | raw baseline | ratio | requests per anonymous event (or join) | errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| ingest: {events:N0} anonymous page views for {visitors:N0} visitors in batches of {BatchSize} ({perBatch} visitors × " +
            $"{perVisitor / Rounds} events) to `/api/events`, {PostConcurrency} at once; each visitor in {Rounds} batches, the first " +
            $"creates it | {appRate:F0} events/s | {rawRate:F0} events/s | {appRate / rawRate:F2} | {Requests(appIngest, events)}; " +
            $"raw {Requests(rawIngest, events)} | {appIngest.Errors}; raw {rawIngest.Errors} |"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| join: {joins} of them post a form with `anonymousId` to `/api/leads`, a new lead each ({perVisitor} events moved), " +
            $"{JoinConcurrency} at once | {appJoins:F1} joins/s | {rawJoins:F1} joins/s | {appJoins / rawJoins:F2} | " +
            $"{Requests(appJoin, joins)}; raw {Requests(rawJoin, joins)} | {appJoin.Errors}; raw {rawJoin.Errors} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Storage requests per anonymous event: {(double)appIngest.Total / events:F3} (goal: at most 1)."));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Per visitor and batch, new visitor (its first batch): {Requests(appNew, visitors)}; raw {Requests(rawNew, visitors)}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Per visitor and batch, known visitor: {Requests(appKnown, visitors)}; raw {Requests(rawKnown, visitors)}"));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Time: ingest {appIngest.Seconds:F2} s (raw {rawIngest.Seconds:F2} s), join {appJoin.Seconds:F2} s " +
            $"(raw {rawJoin.Seconds:F2} s)."));
        foreach (var (phase, appSide, rawSide) in new[] { ("ingest", appIngest, rawIngest), ("join", appJoin, rawJoin) })
        {
            // The raw side's rescore messages go to a queue of its own: the same request under another name.
            var rawKinds = rawSide.Requests.ToDictionary(
                kind => kind.Key.Replace(storage.Queue.Name, storage.AppQueue.Name, StringComparison.Ordinal),
                kind => kind.Value,
                StringComparer.Ordinal);
            if (!appSide.Requests.OrderBy(k => k.Key, StringComparer.Ordinal)
                .SequenceEqual(rawKinds.OrderBy(k => k.Key, StringComparer.Ordinal)))
            {
                Console.WriteLine($"Note: the {phase} requests of the two sides differ by kind (see the table).");
            }
        }

        // ---- Check, untimed ------------------------------------------------------------------------------------------
        var problems = new List<string>();
        var partitions = await ScanVisitorsAsync(storage.Visitors);
        CheckVisitors("app", appVisitors, appLeads, partitions, perVisitor, problems);
        CheckVisitors("raw", rawVisitors, rawLeads, partitions, perVisitor, problems);
        foreach (var v in joined)
        {
            await CheckLeadAsync(storage.Leads, appLeads[v], appVisitors, v, problems);
        }

        var rescores = (await storage.AppQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        if (rescores != joins + WarmJoins)
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"app: {rescores} rescore messages in the queue, expected {joins + WarmJoins} (one per join)"));
        }

        if (appIngest.Errors + rawIngest.Errors + appJoin.Errors + rawJoin.Errors > 0)
        {
            problems.Add("errors in the timed phases (see the table)");
        }

        foreach (var problem in problems.Take(20))
        {
            Console.WriteLine($"FAILED: {problem}");
        }

        if (problems.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAILED: {problems.Count} problems"));
            return 1;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Checked: {visitors:N0} visitors hold their {perVisitor} events or, joined, none and their lead; {joins} leads hold " +
            $"{perVisitor} visitor events and the form; {joins} rescore messages queued (both sides' visitors checked alike)."));
        await app.StopAsync();
        return 0;
    }

    /// <summary>Each round of visitors [from, to): its batches posted <see cref="PostConcurrency"/> at once.</summary>
    private static async Task<Measured[]> IngestThroughAppAsync(
        AzuriteFixture azurite,
        HttpClient http,
        Visitors visitors,
        int from,
        int to)
    {
        var rounds = new Measured[Rounds];
        for (var round = 0; round < Rounds; round++)
        {
            var bodies = Batches(visitors, from, to).Select(batch => BatchJson(visitors, batch, round)).ToArray();
            rounds[round] = await MeasureAsync(
                azurite,
                bodies.Length,
                i => PostEventsAsync(http, bodies[i].Json, bodies[i].Count),
                PostConcurrency);
        }

        return rounds;
    }

    /// <summary>
    /// The same rounds, batches and concurrency with the SDK alone: each batch's visitors <see cref="VisitorParallelism"/>
    /// at once, as the app stores them.
    /// </summary>
    private static async Task<Measured[]> IngestRawAsync(AzuriteFixture azurite, RawStorage storage, Visitors visitors, int from, int to)
    {
        var rounds = new Measured[Rounds];
        var perRound = visitors.PerVisitor / Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            var batches = Batches(visitors, from, to);
            var first = round * perRound;
            rounds[round] = await MeasureAsync(
                azurite,
                batches.Length,
                i => Parallel.ForEachAsync(
                    batches[i],
                    new ParallelOptions { MaxDegreeOfParallelism = VisitorParallelism },
                    async (v, token) =>
                        await AppendRawAsync(storage, visitors.Keys[v], visitors.Views[v][first..(first + perRound)], token)),
                PostConcurrency);
        }

        return rounds;
    }

    /// <summary>
    /// What the app's visitor store sends for one visitor's events of a batch: the events and a merge into the open row in
    /// one transaction; when that fails with 404 (a new visitor), the retention index row, then the state row, the open row
    /// and the events in one transaction. On about one append in 32 (the app's rule, on the same row keys), the query of
    /// the visitor's event keys that decides whether to trim.
    /// </summary>
    private static async Task AppendRawAsync(RawStorage storage, string key, PageView[] views, CancellationToken cancellationToken)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var rows = views.Select(view => new TableEntity(key, view.RowKey)
        {
            ["Source"] = CanonicalEventParser.SourceName,
            ["EventId"] = view.EventId,
            ["Type"] = PageViewed,
            ["OccurredAt"] = view.OccurredAt,
            ["Properties"] = $$"""{"path":"{{view.Path}}"}""",
            ["ReceivedAt"] = receivedAt,
        }).ToList();
        var open = new TableEntity(key, LeadKeys.VisitorOpenRow) { ["LastEventAt"] = receivedAt };
        try
        {
            await storage.Visitors.SubmitTransactionAsync(
                [.. rows.Select(Add), new TableTransactionAction(TableTransactionActionType.UpdateMerge, open, ETag.All)],
                cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 404)
        {
            var bucket = LeadKeys.DecayBucket(receivedAt);
            await storage.Retention.UpsertEntityAsync(new TableEntity(bucket, key), TableUpdateMode.Replace, cancellationToken);
            var state = new TableEntity(key, LeadKeys.VisitorRow) { [RetentionBucketProperty] = bucket, ["CreatedAt"] = receivedAt };
            await storage.Visitors.SubmitTransactionAsync([Add(state), Add(open), .. rows.Select(Add)], cancellationToken);
        }

        if (TableVisitorStore.IsTrimTurn(rows[0].RowKey))
        {
            await foreach (var _ in storage.Visitors.QueryAsync<TableEntity>(
                EventRowsFilter(key), select: TrimColumns, cancellationToken: cancellationToken))
            {
            }
        }
    }

    /// <summary>The form of each joining visitor posted with its id, <see cref="JoinConcurrency"/> at once.</summary>
    private static Task<Measured> JoinThroughAppAsync(
        AzuriteFixture azurite,
        HttpClient http,
        Visitors visitors,
        int[] joining,
        string?[] leads,
        string tag) => MeasureAsync(
            azurite,
            joining.Length,
            async i =>
            {
                var v = joining[i];
                var email = string.Create(CultureInfo.InvariantCulture, $"{tag}{v}.{visitors.Tag}@example.org");
                using var response = await http.PostAsJsonAsync(
                    "api/leads",
                    new { email, anonymousId = visitors.AnonymousIds[v], formId = FormId, pageUrl = PageUrl });
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new HttpRequestException($"capture answered {(int)response.StatusCode}");
                }

                leads[v] = (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
            },
            JoinConcurrency);

    /// <summary>
    /// The app's requests for a form that joins a visitor to a new lead, with the SDK alone: the email index row; the lead
    /// row and its form event in one transaction; the claim row on the lead with a merge of nothing into the lead row; the
    /// visitor's state row read, then named the lead under its ETag in one transaction with the open row's delete; the lead
    /// row read again; the visitor's events read, added to the lead with a merge into the lead row, and deleted from the
    /// visitor; the rescore message.
    /// </summary>
    private static Task<Measured> JoinRawAsync(
        AzuriteFixture azurite,
        RawStorage storage,
        Visitors visitors,
        int[] joining,
        string?[] leads,
        string tag) => MeasureAsync(
            azurite,
            joining.Length,
            async i =>
            {
                var v = joining[i];
                var key = visitors.Keys[v];
                var leadId = Guid.NewGuid().ToString("N");
                var email = string.Create(CultureInfo.InvariantCulture, $"{tag}{v}.{visitors.Tag}@example.org");
                var now = DateTimeOffset.UtcNow;
                var emailKey = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email)));
                await storage.Emails.AddEntityAsync(new TableEntity(emailKey, string.Empty) { ["LeadId"] = leadId });
                var formEventId = Guid.NewGuid().ToString("N");
                await storage.Leads.SubmitTransactionAsync(
                [
                    Add(new TableEntity(leadId, LeadKeys.LeadRow)
                    {
                        ["Email"] = email,
                        ["Attribution"] = $$"""{"formId":"{{FormId}}","pageUrl":"{{PageUrl}}"}""",
                        ["CreatedAt"] = now,
                        ["UpdatedAt"] = now,
                        ["Stage"] = "Lead",
                    }),
                    Add(new TableEntity(leadId, LeadKeys.EventRow("form", formEventId))
                    {
                        ["Source"] = "form",
                        ["EventId"] = formEventId,
                        ["Type"] = "Form Submitted",
                        ["OccurredAt"] = now,
                        ["Properties"] = $$"""{"formId":"{{FormId}}","pageUrl":"{{PageUrl}}","path":"/pricing"}""",
                    }),
                ]);
                var leadRow = new TableEntity(leadId, LeadKeys.LeadRow);
                await storage.Leads.SubmitTransactionAsync(
                [
                    new(
                        TableTransactionActionType.UpsertMerge,
                        new TableEntity(leadId, LeadKeys.VisitorClaimRow(key)) { ["VisitorKey"] = key, ["ClaimedAt"] = now }),
                    new(TableTransactionActionType.UpdateMerge, leadRow, ETag.All),
                ]);
                var state = await storage.Visitors.GetEntityIfExistsAsync<TableEntity>(key, LeadKeys.VisitorRow);
                await storage.Visitors.SubmitTransactionAsync(
                [
                    new(
                        TableTransactionActionType.UpdateMerge,
                        new TableEntity(key, LeadKeys.VisitorRow) { ["LeadId"] = leadId, ["JoinedAt"] = now },
                        state.Value!.ETag),
                    new(TableTransactionActionType.Delete, new TableEntity(key, LeadKeys.VisitorOpenRow), ETag.All),
                ]);
                await storage.Leads.GetEntityIfExistsAsync<TableEntity>(leadId, LeadKeys.LeadRow, ["PartitionKey"]);
                var held = new List<TableEntity>();
                await foreach (var row in storage.Visitors.QueryAsync<TableEntity>(EventRowsFilter(key)))
                {
                    held.Add(row);
                }

                await storage.Leads.SubmitTransactionAsync(
                [
                    .. held.Select(row => Add(new TableEntity(leadId, row.RowKey)
                    {
                        ["Source"] = row.GetString("Source"),
                        ["EventId"] = row.GetString("EventId"),
                        ["Type"] = row.GetString("Type"),
                        ["OccurredAt"] = row.GetDateTimeOffset("OccurredAt"),
                        ["Properties"] = row.GetString("Properties"),
                    })),
                    new(
                        TableTransactionActionType.UpdateMerge,
                        new TableEntity(leadId, LeadKeys.LeadRow) { ["EventsAddedAt"] = now },
                        ETag.All),
                ]);
                await storage.Visitors.SubmitTransactionAsync(
                    held.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(key, row.RowKey))));
                await storage.Queue.SendMessageAsync($$"""{"leadId":"{{leadId}}"}""");
                leads[v] = leadId;
            },
            JoinConcurrency);

    private static async Task PostEventsAsync(HttpClient http, string json, int count)
    {
        using var request = BenchmarkHost.EventsRequest(json);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new HttpRequestException($"events answered {(int)response.StatusCode}");
        }

        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (answer?["accepted"]?.GetValue<int>() != count)
        {
            throw new HttpRequestException($"events accepted {answer?["accepted"]} of {count}");
        }
    }

    /// <summary>Runs the operations through <see cref="LoadDriver"/>, counting this process's storage requests by kind.</summary>
    private static async Task<Measured> MeasureAsync(AzuriteFixture azurite, int count, Func<int, Task> operation, int concurrency)
    {
        using var tables = new StorageRequestCounter(azurite.TableEndpoint.Authority);
        using var queues = new StorageRequestCounter(azurite.QueueEndpoint.Authority);
        var watch = Stopwatch.StartNew();
        var run = await LoadDriver.RunAsync(count, operation, concurrency);
        watch.Stop();
        return new Measured(
            watch.Elapsed.TotalSeconds,
            run.Errors,
            tables.ByKind.Concat(queues.ByKind).ToDictionary(StringComparer.Ordinal));
    }

    /// <summary>The visitors [from, to) in batches of <see cref="BatchSize"/> events (the same visitors in every round).</summary>
    private static int[][] Batches(Visitors visitors, int from, int to) =>
        [.. Enumerable.Range(from, to - from).Chunk(BatchSize / (visitors.PerVisitor / Rounds))];

    /// <summary>A round's events of a batch's visitors, interleaved as a site sends them, as canonical JSON.</summary>
    private static (string Json, int Count) BatchJson(Visitors visitors, int[] batch, int round)
    {
        var perRound = visitors.PerVisitor / Rounds;
        var items = Enumerable.Range(round * perRound, perRound)
            .SelectMany(k => batch.Select(v => (View: visitors.Views[v][k], AnonymousId: visitors.AnonymousIds[v])))
            .Select(item => new
            {
                eventId = item.View.EventId,
                anonymousId = item.AnonymousId,
                type = PageViewed,
                occurredAt = item.View.OccurredAt,
                properties = new Dictionary<string, string> { ["path"] = item.View.Path },
            })
            .ToList();
        return (JsonSerializer.Serialize(items), items.Count);
    }

    /// <summary>
    /// Each visitor's page views, oldest first, over the past days; event ids distinct per visitor (the raw side's visitors
    /// get the same ids in partitions of their own, so both sides' row keys, and so their trim turns, are the same).
    /// </summary>
    private static PageView[][] PageViews(string tag, int visitors, int perVisitor, DateTimeOffset now) =>
    [
        .. Enumerable.Range(0, visitors).Select(v => Enumerable.Range(0, perVisitor).Select(k =>
        {
            var eventId = string.Create(CultureInfo.InvariantCulture, $"{tag}-{v:D6}-{k:D3}");
            return new PageView(
                eventId,
                Paths[(v + k) % Paths.Length],
                now.AddDays(-(perVisitor - k)).AddMinutes(-(v % 720)),
                LeadKeys.EventRow(CanonicalEventParser.SourceName, eventId));
        }).ToArray()),
    ];

    /// <summary>Each visitor partition's event rows, open row and the lead its state row names (one scan of the table).</summary>
    private static async Task<Dictionary<string, Partition>> ScanVisitorsAsync(TableClient visitors)
    {
        var partitions = new Dictionary<string, Partition>(StringComparer.Ordinal);
        await foreach (var row in visitors.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, select: ScanColumns))
        {
            var seen = partitions.GetValueOrDefault(row.PartitionKey) ?? new Partition();
            partitions[row.PartitionKey] = row.RowKey switch
            {
                LeadKeys.VisitorRow => seen with { State = true, LeadId = row.GetString("LeadId") },
                LeadKeys.VisitorOpenRow => seen with { Open = true },
                _ => seen with { Events = seen.Events + 1 },
            };
        }

        return partitions;
    }

    private static void CheckVisitors(
        string side,
        Visitors visitors,
        string?[] leads,
        Dictionary<string, Partition> partitions,
        int perVisitor,
        List<string> problems)
    {
        for (var v = 0; v < visitors.Keys.Length; v++)
        {
            var found = partitions.GetValueOrDefault(visitors.Keys[v]) ?? new Partition();
            var expected = leads[v] is { } leadId
                ? new Partition { State = true, LeadId = leadId }
                : new Partition { State = true, Open = true, Events = perVisitor };
            if (found != expected)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{side}: visitor {v} holds {found}, expected {expected}"));
            }
        }
    }

    private static async Task CheckLeadAsync(TableClient leads, string? leadId, Visitors visitors, int v, List<string> problems)
    {
        if (leadId is null)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"app: visitor {v} joined no lead"));
            return;
        }

        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        var claimed = false;
        await foreach (var row in leads.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {leadId}"), select: ScanColumns))
        {
            claimed |= row.RowKey == LeadKeys.VisitorClaimRow(visitors.Keys[v]);
            if (row.RowKey.StartsWith(LeadKeys.EventRowPrefix, StringComparison.Ordinal))
            {
                eventIds.Add(row.GetString("EventId") ?? row.RowKey);
            }
        }

        var moved = visitors.Views[v].Count(view => eventIds.Contains(view.EventId));
        if (!claimed || moved != visitors.PerVisitor || eventIds.Count != visitors.PerVisitor + 1)
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"app: lead {leadId} (visitor {v}) holds {eventIds.Count} events, {moved} of its visitor's " +
                $"{visitors.PerVisitor}, claim row {(claimed ? "present" : "missing")}"));
        }
    }

    /// <summary>Requests per operation, total and by kind (most frequent first).</summary>
    private static string Requests(Measured measured, int operations) => string.Create(
        CultureInfo.InvariantCulture,
        $"{(double)measured.Total / operations:F3} ({string.Join(", ", measured.Requests
            .OrderByDescending(kind => kind.Value)
            .ThenBy(kind => kind.Key, StringComparer.Ordinal)
            .Select(kind => string.Create(CultureInfo.InvariantCulture, $"{kind.Key} {(double)kind.Value / operations:F3}")))})");

    private static string EventRowsFilter(string key) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey ge {LeadKeys.EventRowPrefix} and RowKey lt {"evt}"}");

    private static TableTransactionAction Add(TableEntity entity) => new(TableTransactionActionType.Add, entity);

    private sealed record PageView(string EventId, string Path, DateTimeOffset OccurredAt, string RowKey);

    /// <summary>A side's visitors: the app's by anonymous id (and the key it stores them under), the raw side's by key.</summary>
    private sealed record Visitors(string Tag, string[] AnonymousIds, string[] Keys, PageView[][] Views)
    {
        public int PerVisitor => Views[0].Length;

        public static Visitors Anonymous(int count, PageView[][] views)
        {
            var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString("D")).ToArray();
            return new(Guid.NewGuid().ToString("N")[..8], ids, [.. ids.Select(id => VisitorKey.Of(id).Value)], views);
        }

        public static Visitors Raw(int count, PageView[][] views) => new(
            "raw" + Guid.NewGuid().ToString("N")[..8],
            [],
            [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))],
            views);
    }

    /// <summary>What the check found in a visitor's partition.</summary>
    private sealed record Partition
    {
        public bool State { get; init; }

        public bool Open { get; init; }

        public int Events { get; init; }

        public string? LeadId { get; init; }
    }

    /// <summary>A timed phase: seconds, failed operations, storage requests by kind.</summary>
    private sealed record Measured(double Seconds, int Errors, Dictionary<string, int> Requests)
    {
        public int Total => Requests.Values.Sum();

        public Measured Plus(Measured other) => new(
            Seconds + other.Seconds,
            Errors + other.Errors,
            Requests.Concat(other.Requests)
                .GroupBy(kind => kind.Key, StringComparer.Ordinal)
                .ToDictionary(kind => kind.Key, kind => kind.Sum(pair => pair.Value), StringComparer.Ordinal));
    }

    /// <summary>The raw baseline's clients (the Azure SDK's, configured as the app's), on the app's own tables.</summary>
    private sealed record RawStorage(
        TableClient Visitors,
        TableClient Retention,
        TableClient Leads,
        TableClient Emails,
        QueueClient Queue,
        QueueClient AppQueue)
    {
        public static RawStorage Create(string connectionString, string appQueue)
        {
            var names = new StorageOptions();
            var tables = new TableServiceClient(connectionString, new TableClientOptions { Diagnostics = { IsLoggingEnabled = false } });
            var queues = new QueueServiceClient(connectionString, new QueueClientOptions
            {
                MessageEncoding = QueueMessageEncoding.Base64,
                Diagnostics = { IsLoggingEnabled = false },
            });
            return new(
                tables.GetTableClient(names.VisitorsTable),
                tables.GetTableClient(names.VisitorRetentionTable),
                tables.GetTableClient(names.LeadsTable),
                tables.GetTableClient(names.EmailIndexTable),
                queues.GetQueueClient("raw-rescore"),
                queues.GetQueueClient(appQueue));
        }
    }
}
