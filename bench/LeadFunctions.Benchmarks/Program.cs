using System.Globalization;
using BenchmarkDotNet.Running;
using LeadFunctions.Benchmarks;
using LeadFunctions.Benchmarks.Cpu;

// "backtest [leads]": the backtest's console run (see BacktestRun); "scoring-cpu [sections] [rounds] [calls]": the
// scoring cases on the thread's CPU clock (see ScoringCpuRun); anything else goes to BenchmarkDotNet.
if (args is ["scoring-cpu", .. var cpuArgs])
{
    ScoringCpuRun.Run(cpuArgs);
    return;
}

if (args is ["backtest", .. var rest])
{
    await BacktestRun.RunAsync(rest is [var leads] ? int.Parse(leads, CultureInfo.InvariantCulture) : 100_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
