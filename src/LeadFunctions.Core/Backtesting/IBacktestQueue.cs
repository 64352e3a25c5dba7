namespace LeadFunctions.Backtesting;

/// <summary>The port to the backtest queue: each message asks for one page of a job to be scored.</summary>
public interface IBacktestQueue
{
    Task EnqueueAsync(BacktestPageMessage message, CancellationToken cancellationToken = default);
}
