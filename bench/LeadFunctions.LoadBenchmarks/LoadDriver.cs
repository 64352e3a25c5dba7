using System.Diagnostics;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>A closed loop: a fixed number of operations, a bounded number of them in flight.</summary>
internal static class LoadDriver
{
    /// <summary>
    /// Runs <paramref name="operation"/> for 0 to <paramref name="count"/> − 1, <paramref name="concurrency"/> at once.
    /// Returns the throughput, the operations that failed with a storage or HTTP error, and the bytes allocated per
    /// operation by this whole process (host and load generator, or the raw baseline and its load generator), from the
    /// runtime's allocation counter.
    /// </summary>
    public static async Task<(double PerSecond, int Errors, double BytesPerOperation, double CpuMicrosecondsPerOperation)> RunAsync(
        int count,
        Func<int, Task> operation,
        int concurrency)
    {
        var next = -1;
        var errors = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = ProcessorTime();
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
        return (
            count / watch.Elapsed.TotalSeconds,
            errors,
            (double)(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / count,
            (ProcessorTime() - cpuBefore).TotalMicroseconds / count);
    }

    /// <summary>
    /// The CPU time this process has used, on every thread: the app, its HTTP server and the benchmark's clients, not
    /// Azurite's own process. Steadier than throughput, which follows Azurite's answer times.
    /// </summary>
    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
