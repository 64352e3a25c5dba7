using System.Diagnostics;

namespace LeadFunctions.Storage.Benchmarks;

/// <summary>What one measured run did: operations, time, and bytes allocated by the whole process.</summary>
internal readonly record struct Measurement(long Operations, TimeSpan Elapsed, long AllocatedBytes)
{
    public static Measurement Zero => default;

    public double OperationsPerSecond => Elapsed > TimeSpan.Zero ? Operations / Elapsed.TotalSeconds : 0;

    public double BytesPerOperation => Operations > 0 ? (double)AllocatedBytes / Operations : 0;

    public static Measurement operator +(Measurement left, Measurement right) =>
        new(left.Operations + right.Operations, left.Elapsed + right.Elapsed, left.AllocatedBytes + right.AllocatedBytes);
}

/// <summary>
/// Runs an operation from a fixed number of concurrent workers until a duration passes (or the operation
/// reports it has nothing left to do), measuring throughput and allocations.
/// </summary>
internal static class LoadRunner
{
    /// <param name="concurrency">Workers, each running the operation in a loop.</param>
    /// <param name="duration">How long the workers start new operations.</param>
    /// <param name="operation">One operation for (worker, iteration); false means "nothing left to do".</param>
    public static async Task<Measurement> RunAsync(int concurrency, TimeSpan duration, Func<int, long, ValueTask<bool>> operation)
    {
        var counts = new long[concurrency];
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();

        var workers = new Task[concurrency];
        for (int worker = 0; worker < concurrency; worker++)
        {
            int id = worker;
            workers[worker] = Task.Run(async () =>
            {
                long iteration = 0;
                while (clock.Elapsed < duration && await operation(id, iteration))
                {
                    iteration++;
                }

                counts[id] = iteration;
            });
        }

        await Task.WhenAll(workers);
        clock.Stop();
        long allocatedAfter = GC.GetTotalAllocatedBytes(precise: true);
        return new Measurement(counts.Sum(), clock.Elapsed, allocatedAfter - allocatedBefore);
    }
}
