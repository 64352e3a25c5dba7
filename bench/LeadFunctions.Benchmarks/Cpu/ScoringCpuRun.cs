using System.Globalization;
using LeadFunctions.Scoring;

namespace LeadFunctions.Benchmarks.Cpu;

/// <summary>
/// <c>scoring-cpu [rounds] [scores per round]</c>: the scoring benchmark's cases (<see cref="ScoringBenchmarks"/>,
/// its setup's equality check included) timed on the calling thread's CPU clock, the baseline and the new scorer
/// interleaved round by round, best of the rounds each, with the bytes allocated per score. Cheaper and far steadier
/// than BenchmarkDotNet's wall time on a machine shared with other builds. <c>scoring-cpu sections</c> also times the
/// new scorer's steps on their own, to see where the time goes.
/// </summary>
internal static class ScoringCpuRun
{
    public static void Run(string[] args)
    {
        if (!ThreadCpuClock.IsAvailable)
        {
            throw new PlatformNotSupportedException("scoring-cpu reads Linux's per-thread CPU clock.");
        }

        var sections = args is ["sections", ..];
        var numbers = args.Where(arg => arg.All(char.IsAsciiDigit)).Select(arg => int.Parse(arg, CultureInfo.InvariantCulture)).ToArray();
        var rounds = numbers.Length > 0 ? numbers[0] : 15;
        var calls = numbers.Length > 1 ? numbers[1] : 2000;
        Console.WriteLine($"best of {rounds} rounds of {calls} calls each, thread CPU time per call");
        Console.WriteLine("| case | rules | baseline | new | new / baseline | allocated, baseline | allocated, new |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var rules in new[] { 19, 219 })
        {
            var benchmarks = new ScoringBenchmarks { Rules = rules };
            benchmarks.Setup();
            Compare("200 events, time order", rules, rounds, calls, benchmarks.BaselineScore, benchmarks.Score);
            Compare("200 events, shuffled", rules, rounds, calls, benchmarks.BaselineScoreShuffled, benchmarks.ScoreShuffled);

            // The baseline as in the first case (Dictionary properties): the events as the app's storage reads them now.
            Compare("200 events as read from storage, time order", rules, rounds, calls, benchmarks.BaselineScore, benchmarks.ScoreStored);
            if (sections)
            {
                TimeSections(benchmarks, rules, rounds, calls);
            }
        }
    }

    private static void Compare(string name, int rules, int rounds, int calls, Func<LeadScore> baseline, Func<LeadScore> scorer)
    {
        var old = new CpuMeasurement("baseline", () => baseline());
        var current = new CpuMeasurement("new", () => scorer());
        Measure([old, current], rounds, calls);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rules} | {old.BestNanoseconds / 1000:0.00} µs | {current.BestNanoseconds / 1000:0.00} µs | " +
            $"{current.BestNanoseconds / old.BestNanoseconds:0.000} | {Kilobytes(old)} | {Kilobytes(current)} |"));
    }

    /// <summary>The new scorer's steps, each on its own, and the whole, in the same rounds.</summary>
    private static void TimeSections(ScoringBenchmarks benchmarks, int rules, int rounds, int calls)
    {
        var measurements = ScoringSections.For(benchmarks);
        Measure(measurements, rounds, calls);
        foreach (var measurement in measurements)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"|   {measurement.Name} | {rules} | | {measurement.BestNanoseconds / 1000:0.00} µs | | | {Kilobytes(measurement)} |"));
        }
    }

    /// <summary>Warms each up, then runs the rounds, each measurement in turn, starting with a different one each round.</summary>
    private static void Measure(CpuMeasurement[] measurements, int rounds, int calls)
    {
        foreach (var measurement in measurements)
        {
            measurement.Round(calls);
        }

        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < measurements.Length; i++)
            {
                measurements[(round + i) % measurements.Length].Round(calls);
            }
        }
    }

    private static string Kilobytes(CpuMeasurement measurement) =>
        string.Create(CultureInfo.InvariantCulture, $"{measurement.AllocatedBytes / 1024:0.00} KB");
}
