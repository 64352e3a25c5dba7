using LeadFunctions.Leads;

namespace LeadFunctions.Backtesting;

/// <summary>How far a job got: pages and leads scored, leads left out, and the outcome stage being read.</summary>
public sealed record BacktestProgress(int Pages, long Leads, long Skipped, LeadStage? Stage)
{
    public static BacktestProgress None { get; } = new(0, 0, 0, null);
}
