using System.Globalization;
using LeadFunctions.Backtesting;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// The backtest gate of a publish, stated up front: the backtest must be completed, of exactly this version's document,
/// against exactly the version live now; the candidate's AUC at outcome time must not be below live's minus
/// <see cref="AucTolerance"/>, and, when live made SQLs, its SQL recall not below live's minus
/// <see cref="SqlRecallTolerance"/>. Pure: the caller reads the job and compares the documents.
/// </summary>
public static class PublishGate
{
    public const double AucTolerance = 0.01;

    public const double SqlRecallTolerance = 0.05;

    /// <summary>Null when the gate passes; otherwise what is missing or which figure failed, in the 409's words.</summary>
    /// <param name="version">The version to publish.</param>
    /// <param name="liveVersion">The version live now.</param>
    /// <param name="backtestId">The backtest the caller named (null when none).</param>
    /// <param name="job">That backtest, or null when it does not exist.</param>
    /// <param name="sameDocument">True when the backtest's candidate is the stored document of <paramref name="version"/>.</param>
    public static string? Refusal(string version, string liveVersion, string? backtestId, BacktestJob? job, bool sameDocument)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(liveVersion);
        if (backtestId is null)
        {
            return $"No backtest named: publishing {version} needs a completed backtest of it against the live {liveVersion} "
                + "(POST /api/models/backtests, then pass its id as backtestId), or force with a reason.";
        }

        if (job is null)
        {
            return $"Backtest {backtestId} does not exist.";
        }

        if (job.Status != BacktestStatus.Completed || job.Results is not { } results)
        {
            return $"Backtest {job.Id} is {job.Status.ToString().ToLowerInvariant()}, not completed.";
        }

        if (job.CandidateModelVersion != version || !sameDocument)
        {
            return $"Backtest {job.Id} tested {job.CandidateModelVersion}, not the stored document of {version}.";
        }

        if (job.LiveModelVersion != liveVersion)
        {
            return $"Backtest {job.Id} is stale: it compared against {job.LiveModelVersion}, but {liveVersion} is live now; "
                + "backtest again.";
        }

        return FigureRefusal(job.Id, results.Candidate.AtOutcome, results.Live.AtOutcome);
    }

    private static string? FigureRefusal(string jobId, ModelMetrics candidate, ModelMetrics live)
    {
        if (candidate.Auc is not { } candidateAuc || live.Auc is not { } liveAuc)
        {
            return $"Backtest {jobId} has no AUC (it needs both won leads and leads not won), so the gate cannot judge it.";
        }

        if (candidateAuc < liveAuc - AucTolerance)
        {
            return Invariant($"AUC at outcome time {candidateAuc:0.####} is below the live model's {liveAuc:0.####} minus {
                AucTolerance} (backtest {jobId}).");
        }

        if (live.Sqls > 0 && live.SqlRecall is { } liveRecall
            && (candidate.SqlRecall ?? 0) < liveRecall - SqlRecallTolerance)
        {
            return Invariant($"SQL recall {candidate.SqlRecall ?? 0:0.####} is below the live model's {liveRecall:0.####} minus {
                SqlRecallTolerance} (backtest {jobId}).");
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
