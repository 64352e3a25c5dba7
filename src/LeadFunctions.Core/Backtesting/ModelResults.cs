namespace LeadFunctions.Backtesting;

/// <summary>
/// One model's metrics scored as of each lead's outcome time (the headline: what the model knew when sales decided)
/// and as of the backtest's start (what it says of those leads today, decay included).
/// </summary>
public sealed record ModelResults(string ModelVersion, ModelMetrics AtOutcome, ModelMetrics Now);
