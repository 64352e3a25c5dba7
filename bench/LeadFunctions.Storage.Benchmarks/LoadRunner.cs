using System.Diagnostics;

namespace LeadFunctions.Storage.Benchmarks;

/// <summary>
/// What one measured run did: operations, wall time, bytes allocated and CPU time used by this process (all
/// threads; Azurite runs in its own process and is not counted).
/// </summary>
internal readonly record struct Measurement(long Operations, TimeSpan Elapsed, long AllocatedBytes, TimeSpan ProcessorTime)
{
    public static Measurement Zero => default;

    public double OperationsPerSecond => Elapsed > TimeSpan.Zero ? Operations / Elapsed.TotalSeconds : 0;

    public double BytesPerOperation => Operations > 0 ? (double)AllocatedBytes / Operations : 0;

    public double ProcessorMicrosecondsPerOperation => Operations > 0 ? ProcessorTime.TotalMicroseconds / Operations : 0;

    public static Measurement operator +(Measurement left, Measurement right) =>
        new(left.Operations + right.Operations, left.Elapsed + right.Elapsed, left.AllocatedBytes + right.AllocatedBytes, left.ProcessorTime + right.ProcessorTime);
}

/// <summary>
/// One side of a comparison over several segments: the median segment's throughput, and allocations and CPU
/// per operation over all segments.
/// </summary>
internal sealed class Result(IReadOnlyList<Measurement> segments)
{
    public double OperationsPerSecond { get; } = Median(segments.Select(segment => segment.OperationsPerSecond));

    public double BytesPerOperation { get; } = segments.Aggregate(Measurement.Zero, (sum, next) => sum + next).BytesPerOperation;

    public double ProcessorMicrosecondsPerOperation { get; } =
        segments.Aggregate(Measurement.Zero, (sum, next) => sum + next).ProcessorMicrosecondsPerOperation;

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
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
        using Process process = Process.GetCurrentProcess();
        TimeSpan processorBefore = process.TotalProcessorTime;
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
        process.Refresh();
        return new Measurement(counts.Sum(), clock.Elapsed, allocatedAfter - allocatedBefore, process.TotalProcessorTime - processorBefore);
    }
}
