namespace LeadFunctions.Benchmarks.Cpu;

/// <summary>
/// One measured action: the best (least) thread CPU time per call over the rounds so far, and the bytes it
/// allocated per call. The best round is the one the other processes on the machine disturbed least.
/// </summary>
internal sealed class CpuMeasurement(string name, Action action)
{
    public string Name { get; } = name;

    /// <summary>The least CPU time per call of any round, in nanoseconds.</summary>
    public double BestNanoseconds { get; private set; } = double.MaxValue;

    /// <summary>Bytes the calling thread allocated per call, in the last round.</summary>
    public double AllocatedBytes { get; private set; }

    /// <summary>Calls the action <paramref name="calls"/> times, timed on the thread's CPU clock.</summary>
    public void Round(int calls)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = ThreadCpuClock.NowNanoseconds();
        for (var i = 0; i < calls; i++)
        {
            action();
        }

        var elapsed = ThreadCpuClock.NowNanoseconds() - started;
        AllocatedBytes = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / calls;
        BestNanoseconds = Math.Min(BestNanoseconds, (double)elapsed / calls);
    }
}
