using System.Globalization;
using LeadFunctions.Backtesting;
using LeadFunctions.Http.Pages;
using LeadFunctions.ModelVersions;

namespace LeadFunctions.Http.Models;

/// <summary>How the models page words and writes its values: statuses, backtest figures, diffs, the curl lines.</summary>
internal static class ModelsPageText
{
    public const string Brand = "scoring models";

    public const string NotAvailable = "n/a";

    /// <summary>Where the publish curl reads the function key from: the page never prints a key.</summary>
    public const string KeyVariable = "$KEY";

    public static string Status(ModelVersionStatus status) => status.ToString().ToLowerInvariant();

    public static string StatusClass(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.Live => "status-live",
        ModelVersionStatus.Draft => "status-draft",
        _ => "status-retired",
    };

    public static string Auc(double? value) => value is { } auc ? auc.ToString("0.000", CultureInfo.InvariantCulture) : NotAvailable;

    public static string Share(double? value) =>
        value is { } share ? (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : NotAvailable;

    public static string PerWeek(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public static string Lift(double? value) =>
        value is { } lift ? lift.ToString("0.0", CultureInfo.InvariantCulture) + "×" : NotAvailable;

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The headline of a backtest: the tested version's figures at outcome time beside the live model's.</summary>
    public static (string Name, double? Version, double? Live, BacktestFigure Figure)[] Figures(BacktestResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var (version, live) = (results.Candidate.AtOutcome, results.Live.AtOutcome);
        return
        [
            ("AUC", version.Auc, live.Auc, BacktestFigure.Auc),
            ("SQL recall", version.SqlRecall, live.SqlRecall, BacktestFigure.Share),
            ("SQL precision", version.SqlPrecision, live.SqlPrecision, BacktestFigure.Share),
            ("SQLs per week", version.SqlsPerWeek, live.SqlsPerWeek, BacktestFigure.PerWeek),
            ("Top-decile lift", version.TopDecileLift, live.TopDecileLift, BacktestFigure.Lift),
        ];
    }

    /// <summary>A backtest figure as written in its row (n/a when the backtest could not compute it).</summary>
    public static string Figure(double? value, BacktestFigure figure) => figure switch
    {
        BacktestFigure.Auc => Auc(value),
        BacktestFigure.Share => Share(value),
        BacktestFigure.Lift => Lift(value),
        _ => value is { } perWeek ? PerWeek(perWeek) : NotAvailable,
    };

    /// <summary>A version's figure minus the live model's, signed (<c>+0.031</c>, <c>−4 pts</c>); empty when either is missing.</summary>
    public static string Difference(double? value, double? live, BacktestFigure metric)
    {
        if (value is not { } a || live is not { } b)
        {
            return string.Empty;
        }

        var difference = a - b;
        var text = metric switch
        {
            BacktestFigure.Auc => difference.ToString("+0.000;−0.000;±0", CultureInfo.InvariantCulture),
            BacktestFigure.Share => (difference * 100).ToString("+0.#;−0.#;±0", CultureInfo.InvariantCulture) + " pts",
            BacktestFigure.Lift => difference.ToString("+0.0;−0.0;±0", CultureInfo.InvariantCulture) + "×",
            _ => difference.ToString("+0.#;−0.#;±0", CultureInfo.InvariantCulture),
        };
        return text;
    }

    /// <summary>The class of a difference: better, worse, or neither (more SQLs a week is neither).</summary>
    public static string? DifferenceClass(double? value, double? live, BacktestFigure metric) =>
        metric == BacktestFigure.PerWeek || value is not { } a || live is not { } b || Math.Abs(a - b) < 1e-9 ? null
        : a > b ? "pos" : "neg";

    /// <summary>Points in a diff: <c>10 → 40</c>, or the one side a rule added or removed has.</summary>
    public static string PointsChange(RuleChange change) => change.Kind switch
    {
        RuleChangeKind.Added => PageText.Points(change.NewPoints ?? 0),
        RuleChangeKind.Removed => PageText.Points(change.OldPoints ?? 0),
        _ when change.PointsChanged => $"{PageText.Points(change.OldPoints ?? 0)} → {PageText.Points(change.NewPoints ?? 0)}",
        _ => PageText.Points(change.NewPoints ?? 0),
    };

    public static string Setting(SettingChange change) => (change.Old, change.New) switch
    {
        (null, { } value) => $"{change.Name}: {value}",
        ({ } value, null) => $"{change.Name}: {value}",
        _ => $"{change.Name}: {change.Old} → {change.New}",
    };

    /// <summary>"2 rules changed, 1 added, 1 removed, 3 thresholds changed".</summary>
    public static string DiffSummary(ModelDiff diff)
    {
        var parts = new List<string>();
        Add(parts, diff.Count(RuleChangeKind.Changed), "rule changed", "rules changed");
        Add(parts, diff.Count(RuleChangeKind.Added), "rule added", "rules added");
        Add(parts, diff.Count(RuleChangeKind.Removed), "rule removed", "rules removed");
        Add(parts, diff.Thresholds.Count, "threshold or limit changed", "thresholds or limits changed");
        return parts.Count == 0 ? "no change" : string.Join(", ", parts);
    }

    /// <summary>
    /// The commands that publish <paramref name="version"/>, the key read from <see cref="KeyVariable"/>: a rollback for
    /// a version that was live before; for a draft, its document, its backtest against live, then the publish on it.
    /// </summary>
    public static string PublishCommands(ModelsPageLinks links, ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(version);
        var name = version.Version;
        var publish = $"curl -X POST '{links.Publish(name)}' \\\n"
            + $"  -H \"x-functions-key: {KeyVariable}\" -H 'content-type: application/json' \\\n";
        if (version.WasLive)
        {
            return publish + """  -d '{"reason":"why it should go back live"}'""";
        }

        return "# 1. its document as stored\n"
            + $"curl -s '{links.Version(name)}' -H \"x-functions-key: {KeyVariable}\" \\\n"
            + $"  | jq .document > {name}.json\n"
            + "# 2. backtest it against the live version; wait until GET …/models/backtests/{id} says \"completed\"\n"
            + $"curl -X POST '{links.Backtests}' -H \"x-functions-key: {KeyVariable}\" \\\n"
            + $"  -H 'content-type: application/json' --data-binary @{name}.json\n"
            + "# 3. publish it on that backtest\n"
            + publish
            + """  -d '{"reason":"why it should go live","backtestId":"<id from step 2>"}'""";
    }

    /// <summary>Why a version shows no backtest figures, in words.</summary>
    public static string NoBacktest(ModelVersion version) => version switch
    {
        { BacktestId: { } id } => $"Backtest {id} is no longer stored.",
        { CreatedBy: ModelVersionAuthors.Seed } => "No backtest: the first version, stored from the deployed model.",
        { Forced: true } => "Published without a backtest (forced).",
        { Status: ModelVersionStatus.Draft } => "No backtest linked yet: a version's backtest is linked to it when it is published on it.",
        _ => "No backtest recorded.",
    };

    /// <summary>What a backtest that has no figures is doing.</summary>
    public static string Unfinished(BacktestJob job) => job.Status switch
    {
        BacktestStatus.Running => $"Backtest {job.Id} is still running ({Count(job.Progress.Leads)} leads so far).",
        _ => $"Backtest {job.Id} failed: {job.FailureReason ?? "no reason recorded"}.",
    };

    private static void Add(List<string> parts, int count, string one, string many)
    {
        if (count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}"));
        }
    }
}
