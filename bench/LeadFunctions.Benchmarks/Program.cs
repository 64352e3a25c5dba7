using System.Globalization;
using BenchmarkDotNet.Running;
using LeadFunctions.Benchmarks;

// "backtest [leads]": the backtest's console run (see BacktestRun); anything else goes to BenchmarkDotNet.
if (args is ["backtest", .. var rest])
{
    await BacktestRun.RunAsync(rest is [var leads] ? int.Parse(leads, CultureInfo.InvariantCulture) : 100_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
