using LeadFunctions.Backtesting;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// One stored version as the models page shows it: its metadata, the backtest it was published on (null when it names
/// none, or when that job is gone: <see cref="ModelVersion.BacktestId"/> says which) and what it changes against the live
/// version (null for the live version itself, or when <see cref="DiffError"/> says why it could not be compared).
/// </summary>
public sealed record ModelVersionOverview(ModelVersion Version, BacktestJob? Backtest, ModelDiff? Diff, string? DiffError = null)
{
    public bool IsLive => Version.Status == ModelVersionStatus.Live;
}
