using LeadFunctions.Modeling;

namespace LeadFunctions.Backtesting;

/// <summary>
/// A scored page of a job, stored under its number before the next page is asked for: its partial
/// <see cref="BacktestAggregate"/>, where the next page starts (null after the last page), the leads counted up to it,
/// and whether the next page's message was sent. A redelivered message finds it and only makes sure of what follows.
/// </summary>
public sealed record BacktestPage(
    string JobId,
    int Number,
    BacktestAggregate Aggregate,
    OutcomeCursor? Next,
    long LeadsThrough,
    bool NextEnqueued);
