using LeadFunctions.Backtesting;
using LeadFunctions.ModelVersions;

namespace LeadFunctions.Core.Tests.ModelVersions;

public sealed class PublishGateTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_completed_backtest_of_this_version_against_live_within_the_tolerances_passes()
    {
        Assert.Null(PublishGate.Refusal("v2", "v1", Id, Job(candidateAuc: 0.701, liveAuc: 0.71, candidateRecall: 0.46, liveRecall: 0.5), true));
    }

    [Fact]
    public void No_backtest_is_refused_naming_what_is_missing()
    {
        Assert.Contains("No backtest named", PublishGate.Refusal("v2", "v1", null, null, false), StringComparison.Ordinal);
        Assert.Contains("does not exist", PublishGate.Refusal("v2", "v1", Id, null, false), StringComparison.Ordinal);
    }

    [Fact]
    public void A_running_backtest_is_refused()
    {
        var refusal = PublishGate.Refusal("v2", "v1", Id, Job() with { Status = BacktestStatus.Running }, true);
        Assert.Contains("running, not completed", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backtest_of_another_version_or_another_document_is_refused()
    {
        Assert.Contains("tested v3", PublishGate.Refusal("v2", "v1", Id, Job() with { CandidateModelVersion = "v3" }, true), StringComparison.Ordinal);
        Assert.Contains("not the stored document", PublishGate.Refusal("v2", "v1", Id, Job(), false), StringComparison.Ordinal);
    }

    [Fact]
    public void A_backtest_against_an_older_live_version_is_stale()
    {
        Assert.Contains("stale", PublishGate.Refusal("v2", "v1b", Id, Job(), true), StringComparison.Ordinal);
    }

    [Fact]
    public void An_auc_below_live_minus_the_tolerance_is_refused_with_the_figures()
    {
        var refusal = PublishGate.Refusal("v2", "v1", Id, Job(candidateAuc: 0.699, liveAuc: 0.71), true);
        Assert.Contains("AUC at outcome time 0.699 is below the live model's 0.71 minus 0.01", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sql_recall_below_live_minus_the_tolerance_is_refused_only_when_live_has_sqls()
    {
        var refusal = PublishGate.Refusal("v2", "v1", Id, Job(candidateRecall: 0.44, liveRecall: 0.5), true);
        Assert.Contains("SQL recall 0.44 is below the live model's 0.5 minus 0.05", refusal, StringComparison.Ordinal);
        Assert.Null(PublishGate.Refusal("v2", "v1", Id, Job(candidateRecall: 0.1, liveRecall: 0.5, liveSqls: 0), true));
    }

    [Fact]
    public void Without_an_auc_the_gate_cannot_judge()
    {
        Assert.Contains("no AUC", PublishGate.Refusal("v2", "v1", Id, Job(candidateAuc: null), true), StringComparison.Ordinal);
    }

    private static BacktestJob Job(
        double? candidateAuc = 0.75, double liveAuc = 0.7, double candidateRecall = 0.5, double liveRecall = 0.5, long liveSqls = 10) => new()
    {
        Id = Id,
        Status = BacktestStatus.Completed,
        CreatedAt = DateTimeOffset.UnixEpoch,
        LiveModelVersion = "v1",
        CandidateModelVersion = "v2",
        Results = new BacktestResults
        {
            Leads = 100,
            Won = 20,
            NotWon = 80,
            Skipped = 0,
            Weeks = 4,
            Warnings = [],
            Live = new ModelResults("v1", Metrics(liveAuc, liveRecall, liveSqls), Metrics(liveAuc, liveRecall, liveSqls)),
            Candidate = new ModelResults("v2", Metrics(candidateAuc, candidateRecall, 10), Metrics(candidateAuc, candidateRecall, 10)),
        },
    };

    private static ModelMetrics Metrics(double? auc, double recall, long sqls) => new()
    {
        Auc = auc,
        Sqls = sqls,
        SqlRecall = recall,
        ByGrade = [],
        ByScoreBand = [],
        Calibration = [],
    };
}
