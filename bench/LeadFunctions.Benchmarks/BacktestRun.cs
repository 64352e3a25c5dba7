using System.Diagnostics;
using System.Globalization;
using LeadFunctions.Backtesting;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// The backtest's own cost (issue 13: 100,000 leads x 2 models in under 60 s): the real page handler, scorer and
/// known-outcome reader over the in-memory lead store (indexed as Table Storage is) and the in-memory backtest store
/// and queue, on generated leads with outcomes and 20 to 50 events each. Times the job from its first message to its
/// results (each lead scored 4 times: both models, at its outcome and now), not the seeding. A console run rather than
/// BenchmarkDotNet: one run of 100,000 leads takes long enough to measure on its own, and its memory (millions of
/// events) is set up once.
/// <code>dotnet run -c Release --project bench/LeadFunctions.Benchmarks -- backtest 100000</code>
/// </summary>
public static class BacktestRun
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(int leads)
    {
        var clock = new FixedClock(Now);
        var store = new InMemoryLeadTables(clock);
        var seeding = Stopwatch.StartNew();
        OutcomeLeads.SeedGenerated(store, leads, Now);
        Console.WriteLine(Invariant($"Seeded {leads:N0} leads with outcomes in {seeding.Elapsed.TotalSeconds:0.0} s."));

        var jobs = new InMemoryBacktestStore();
        var queue = new InMemoryBacktestQueue();
        var live = new LeadScorer(ScoringModel.Default, clock);
        var service = new BacktestService(jobs, queue, live, clock, NullLogger<BacktestService>.Instance);
        var outcomes = new KnownOutcomes(store.Leads, store.Scores);
        var handler = new BacktestPageHandler(jobs, queue, outcomes, live, clock, NullLogger<BacktestPageHandler>.Instance);

        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var elapsed = Stopwatch.StartNew();
        var job = (await service.StartAsync(CandidateModels.Candidate())).Job!;
        await queue.DrainAsync(message => handler.HandleAsync(message));
        elapsed.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        var done = (await jobs.GetJobAsync(job.Id))!;
        var results = done.Results!;
        var seconds = elapsed.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant(
            $"Backtest of {results.Leads:N0} leads x 2 models: {seconds:0.00} s ({results.Leads / seconds:N0} leads/s)"));
        Console.WriteLine(Invariant($"{done.Progress.Pages} pages, {allocated / (double)results.Leads / 1024:0.0} KB allocated per lead"));
        Console.WriteLine(Invariant($"Status {done.Status}; won {results.Won:N0} of {results.Leads:N0}"));
        Console.WriteLine(Invariant($"AUC at outcome: live {results.Live.AtOutcome.Auc}, candidate {results.Candidate.AtOutcome.Auc}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
