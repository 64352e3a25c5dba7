using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// How fast backtests and suggestions read the leads with a known outcome from Azurite (issue 22, item 4): the app's
/// read (<see cref="KnownOutcomes.ReadAllAsync"/> over the table adapters, in the jobs' pages of 1,000, each read as
/// queries of 100, each outcome scored four times as a backtest page scores it) beside a raw Azure SDK loop making the
/// same queries one after the other and nothing else: <see cref="WarmUpReads"/> untimed reads of each, then
/// <see cref="Rounds"/> rounds of app, raw, raw, app (Azurite's speed drifts from one read to the next: the ratio is of
/// the sums), with this process's CPU time and bytes allocated per lead on each side; and, on a sample, the read of one lead at a time that came before outcome snapshots; then both jobs end to end on the
/// same leads (<see cref="OutcomeJobBenchmark"/>). Seeded through the app's adapters (the lead, its events, its outcome,
/// the rescore's snapshot), untimed.
///   dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- --outcomes 10000,50000
/// </summary>
internal static class OutcomeReadBenchmark
{
    /// <summary>The jobs' page (one queue message), read as the jobs read it.</summary>
    private const int PageSize = KnownOutcomes.JobPageSize;

    /// <summary>The rows per query the app's read makes (<see cref="TableLeadScoreStore.SnapshotQueryRows"/>).</summary>
    private const int QueryRows = TableLeadScoreStore.SnapshotQueryRows;
    /// <summary>Untimed reads of each side first: the first read runs the decoding before the JIT has optimised it.</summary>
    private const int WarmUpReads = 3;

    /// <summary>Timed rounds, each app, raw, raw, app.</summary>
    private const int Rounds = 3;

    private const int SeedConcurrency = 32;
    private const int AdapterSeeded = 300;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(IReadOnlyList<int> totals)
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        Console.WriteLine(
            "| outcome leads | app read, leads/s | raw SDK, leads/s | ratio | CPU per lead, app / raw | allocated per lead, app / raw "
            + "| app read + 4 scores, leads/s | requests per lead | one read per lead (before), leads/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var seeded = 0;
        var jobRows = new List<string>();
        var counter = new CountingPolicy();
        var clientOptions = new TableClientOptions { Diagnostics = { IsLoggingEnabled = false } };
        clientOptions.AddPolicy(counter, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(azurite.ConnectionString, clientOptions);
        var options = Options.Create(new StorageOptions());
        var tables = new LeadTables(service, options, TimeProvider.System);
        var leads = new TableLeadRepository(tables);
        var scores = new TableLeadScoreStore(tables, new TableFunnelStore(service, options));
        var stages = service.GetTableClient(options.Value.StageIndexTable);
        foreach (var total in totals.Order())
        {
            await SeedAsync(leads, scores, stages, seeded, total);
            seeded = total;
            var known = new KnownOutcomes(leads, scores);
            var scorer = new LeadScorer(ScoringModel.Default, TimeProvider.System);
            // Warm-up, untimed, both sides: the first reads pay for JIT (the decoding runs at tier 0 until it has been
            // called often enough, and is optimised in the background after) and for Azurite's own warm-up of the query,
            // which the side timed next would inherit.
            for (var i = 0; i < WarmUpReads; i++)
            {
                await AppReadAsync(known, scorer: null);
                await RawReadAsync(stages);
            }

            var requestsBefore = counter.Count;
            var appReads = new List<Measured> { await TimeAsync(() => AppReadAsync(known, scorer: null)) };
            var requests = counter.Count - requestsBefore;
            var rawReads = new List<Measured>();
            for (var round = 0; round < Rounds; round++)
            {
                if (round > 0)
                {
                    appReads.Add(await TimeAsync(() => AppReadAsync(known, scorer: null)));
                }

                rawReads.Add(await TimeAsync(() => RawReadAsync(stages)));
                rawReads.Add(await TimeAsync(() => RawReadAsync(stages)));
                appReads.Add(await TimeAsync(() => AppReadAsync(known, scorer: null)));
            }

            var scored = await TimeAsync(() => AppReadAsync(known, scorer));
            var sample = new List<string>();
            for (var n = 0; n < Math.Min(total, AdapterSeeded); n++)
            {
                sample.Add((await leads.FindLeadByEmailAsync(Profile(n).Email))!.LeadId);
            }

            var pointReads = await TimeAsync(() => PointReadAsync(scores, sample));
            var app = Measured.Sum(appReads);
            var raw = Measured.Sum(rawReads);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {total:N0} | {app.PerSecond:N0} | {raw.PerSecond:N0} | {app.PerSecond / raw.PerSecond:0.00} | "
                + $"{app.CpuMicroseconds:0.0} / {raw.CpuMicroseconds:0.0} µs | {app.Bytes:N0} / {raw.Bytes:N0} B | "
                + $"{scored.PerSecond:N0} | {(double)requests / total:0.000} | {pointReads.PerSecond:N0} |"));
            if (appReads.Concat(rawReads).FirstOrDefault(read => read.Count != total) is { } incomplete)
            {
                Console.WriteLine($"FAILED: a read found {incomplete.Count} of {total} outcome leads");
                return 1;
            }

            if (await OutcomeJobBenchmark.RunAsync(azurite, total) is not { } jobs)
            {
                return 1;
            }

            jobRows.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"| {total:N0} | {total / jobs.Backtest:N0} ({jobs.Backtest:0.0} s) | {total / jobs.Suggestion:N0} ({jobs.Suggestion:0.0} s) |"));
        }

        Console.WriteLine();
        Console.WriteLine("| outcome leads | backtest job, leads/s (POST to completed) | suggestion job, leads/s (POST to completed) |");
        Console.WriteLine("|---:|---:|---:|");
        jobRows.ForEach(Console.WriteLine);
        return 0;
    }

    /// <summary>
    /// Every outcome page by page; with a scorer, each outcome scored at its outcome time and now by two models (four
    /// scores), as a backtest page does.
    /// </summary>
    private static async Task<int> AppReadAsync(KnownOutcomes known, LeadScorer? scorer)
    {
        var count = 0;
        decimal sum = 0;
        await foreach (var page in known.ReadAllAsync(PageSize))
        {
            foreach (var outcome in page.Outcomes)
            {
                for (var model = 0; scorer is not null && model < 2; model++)
                {
                    sum += scorer!.Score(outcome.Profile, outcome.EventsUntil(outcome.OutcomeAt), LeadStanding.New, outcome.OutcomeAt).TotalScore;
                    sum += scorer!.Score(outcome.Profile, outcome.Events, LeadStanding.New, Now).TotalScore;
                }

                count++;
            }
        }

        return sum == decimal.MinValue ? -1 : count;
    }

    /// <summary>The same queries with the SDK alone: each outcome stage's index partition, 100 rows a query.</summary>
    private static async Task<int> RawReadAsync(TableClient stages)
    {
        var count = 0;
        foreach (var stage in KnownOutcomes.Stages)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {stage.ToString()}");
            await foreach (var page in stages.QueryAsync<TableEntity>(filter, QueryRows).AsPages(pageSizeHint: QueryRows))
            {
                count += page.Values.Count;
            }
        }

        return count;
    }

    /// <summary>The read before snapshots: each lead's partition (eight at a time), for the leads seeded through the adapters.</summary>
    private static async Task<int> PointReadAsync(TableLeadScoreStore scores, IReadOnlyList<string> ids)
    {
        var read = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, token) =>
        {
            if (await scores.GetScoringStateAsync(id, token) is not null)
            {
                Interlocked.Increment(ref read);
            }
        });
        return read;
    }

    /// <summary>
    /// Leads <paramref name="from"/> to <paramref name="to"/>. The first <see cref="AdapterSeeded"/> through the app's
    /// adapters (created with five events, scored, decided, snapshotted as a rescore does), so the point-read sample has
    /// real lead partitions; the rest straight into the stage index in batches of 100, with the snapshots the adapters
    /// would write (Azurite scans a table on every query, so seeding 50,000 leads one by one would take an hour).
    /// </summary>
    private static async Task SeedAsync(TableLeadRepository leads, TableLeadScoreStore scores, TableClient stages, int from, int to)
    {
        var watch = Stopwatch.StartNew();
        var adapterSeeded = Math.Clamp(AdapterSeeded - from, 0, to - from);
        await Parallel.ForEachAsync(
            Enumerable.Range(from, adapterSeeded),
            new ParallelOptions { MaxDegreeOfParallelism = SeedConcurrency },
            async (n, token) =>
            {
                var (lead, _) = await leads.GetOrCreateLeadAsync(Profile(n), Attribution(n), Events(n), token);
                if (!await scores.TrySaveScoreAsync(lead, Score(n), null, Now.AddDays(-5), token))
                {
                    throw new InvalidOperationException("A seeded lead could not be saved.");
                }

                var state = await scores.GetScoringStateAsync(lead.LeadId, token);
                await scores.SaveOutcomeSnapshotAsync(state!, token);
            });

        var rows = Enumerable.Range(from + adapterSeeded, to - from - adapterSeeded).Select(n =>
        {
            var score = Score(n);
            var lead = new Lead
            {
                LeadId = n.ToString("x32", CultureInfo.InvariantCulture),
                Profile = Profile(n),
                Attribution = Attribution(n),
                CreatedAt = Now.AddDays(-40),
                UpdatedAt = Now.AddDays(-5),
                Score = score,
            };
            var row = new TableEntity(score.Stage.ToString(), lead.LeadId) { ["EnteredAtTicks"] = Now.AddDays(-5).UtcTicks };
            OutcomeSnapshotCodec.TryWrite(KnownOutcomes.OutcomeOf(new LeadScoringState(lead, [.. Events(n).Select(stored => stored.Event)]))!, row);
            return row;
        });
        var batches = rows.GroupBy(row => row.PartitionKey).SelectMany(stage => stage.Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, token) =>
            await stages.SubmitTransactionAsync(
                batch.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), token));
        Console.Error.WriteLine($"seeded {to - from} outcome leads in {watch.Elapsed.TotalSeconds:0} s");
    }

    private static LeadProfile Profile(int n) => new()
    {
        Email = $"outcome{n}@company{n % 400}.example",
        JobTitle = n % 3 == 0 ? "VP Marketing" : "Marketing Manager",
        CompanySize = 20 + (n % 900),
        Industry = n % 2 == 0 ? "Software" : "Retail",
        Country = n % 5 == 0 ? "US" : "DE",
    };

    private static LeadAttribution Attribution(int n) => new() { UtmSource = n % 4 == 0 ? "reference" : "google", FormId = "demo" };

    private static StoredEvent[] Events(int n) => [.. Enumerable.Range(0, 5).Select(e => new StoredEvent("bench", new EngagementEvent
    {
        EventId = $"e{n}-{e}",
        Type = e == 4 ? "Demo Requested" : "Page Viewed",
        OccurredAt = Now.AddDays(-30 + e),
        Properties = new Dictionary<string, string> { ["path"] = e % 2 == 0 ? "/pricing" : "/blog/post-" + e },
    }))];

    private static StoredScore Score(int n)
    {
        var stage = KnownOutcomes.Stages[n % 3];
        return new StoredScore
        {
            FitScore = 40,
            EngagementScore = 50,
            Grade = "B",
            Stage = stage,
            IsPql = false,
            Bant = default,
            StageHistory =
            [
                new StageChange(LeadStage.Lead, LeadStage.SQL, Now.AddDays(-20), "score"),
                new StageChange(LeadStage.SQL, stage, Now.AddDays(-5), "sales"),
            ],
            Breakdown = [],
            RecentEvents = [],
            ModelVersion = "bench",
            ScoredAt = Now.AddDays(-5),
            EventCount = 5,
        };
    }

    private static async Task<Measured> TimeAsync(Func<Task<int>> read)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        var count = await read();
        var seconds = watch.Elapsed.TotalSeconds;
        return new Measured(
            count,
            seconds,
            (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds,
            GC.GetTotalAllocatedBytes() - allocated);
    }

    /// <summary>One timed read: the leads read, its wall time, this process's CPU time and the bytes it allocated.</summary>
    private sealed record Measured(int Count, double Seconds, double Cpu, long Allocated)
    {
        public double PerSecond => Count / Seconds;

        public double CpuMicroseconds => Cpu / Math.Max(1, Count);

        public long Bytes => Allocated / Math.Max(1, Count);

        public static Measured Sum(IReadOnlyList<Measured> reads) =>
            new(reads.Sum(read => read.Count), reads.Sum(read => read.Seconds), reads.Sum(read => read.Cpu), reads.Sum(read => read.Allocated));
    }

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }
}
