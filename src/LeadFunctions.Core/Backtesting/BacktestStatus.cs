namespace LeadFunctions.Backtesting;

/// <summary>Where a backtest job is. The numbers are stored; never renumber them.</summary>
public enum BacktestStatus
{
    /// <summary>Pages are being scored, one queue message at a time.</summary>
    Running = 0,

    /// <summary>Every page was scored and the results are stored.</summary>
    Completed = 1,

    /// <summary>A page could not be processed after its retries, or the job cannot be run; the reason is stored.</summary>
    Failed = 2,
}
