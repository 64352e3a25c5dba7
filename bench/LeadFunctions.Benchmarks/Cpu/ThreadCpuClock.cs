using System.Runtime.InteropServices;

namespace LeadFunctions.Benchmarks.Cpu;

/// <summary>
/// The calling thread's CPU time, from Linux's <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>: on a machine shared
/// with other builds, the time this thread ran is far steadier than wall time (which counts the time it waited for
/// a core). <see cref="System.Diagnostics.Process.TotalProcessorTime"/> would add the runtime's other threads.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>True where the per-thread clock can be read (Linux).</summary>
    public static bool IsAvailable => OperatingSystem.IsLinux();

    /// <summary>The calling thread's CPU time so far, in nanoseconds.</summary>
    public static long NowNanoseconds()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
