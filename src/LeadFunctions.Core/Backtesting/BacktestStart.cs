using LeadFunctions.Scoring;

namespace LeadFunctions.Backtesting;

/// <summary>The answer to a request for a backtest: the job started, or the candidate model's errors (nothing stored).</summary>
public sealed record BacktestStart(BacktestJob? Job, IReadOnlyList<ModelError> Errors)
{
    public static BacktestStart Started(BacktestJob job) => new(job, []);

    public static BacktestStart Invalid(IReadOnlyList<ModelError> errors) => new(null, errors);
}
