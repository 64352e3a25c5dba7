namespace LeadFunctions.Backtesting;

/// <summary>
/// The arithmetic of a backtest, from tallies to metrics: AUC, recall and precision of SQL against won, SQLs per week,
/// win rates per grade and score band, the top decile's lift and the calibration table. Pure; rates are rounded to
/// four decimals.
/// </summary>
public static class BacktestMetrics
{
    /// <summary>The share of leads in the top decile.</summary>
    public const double TopDecile = 0.1;

    /// <summary>
    /// The metrics of <paramref name="tally"/>; <paramref name="expected"/> is the tally whose band win rates are the
    /// calibration table's expectation (the live model's at outcome time); <paramref name="weeks"/> divides the SQLs.
    /// </summary>
    public static ModelMetrics Compute(OutcomeTally tally, OutcomeTally expected, double weeks)
    {
        ArgumentNullException.ThrowIfNull(tally);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weeks);
        var totals = tally.Scores.Totals;
        var bands = Bands(tally.Scores);
        var calibration = Calibration(bands, Bands(expected.Scores));
        var (topLeads, topWon) = tally.Scores.Top(TopDecile);
        double? topRate = topLeads == 0 ? null : topWon / topLeads;
        return new ModelMetrics
        {
            Auc = Round(tally.Scores.Auc()),
            Sqls = tally.Sql.Total,
            SqlRecall = Round(totals.Won == 0 ? null : (double)tally.Sql.Won / totals.Won),
            SqlPrecision = Round(tally.Sql.WinRate),
            SqlsPerWeek = Math.Round(tally.Sql.Total / weeks, 2),
            TopDecileWinRate = Round(topRate),
            TopDecileLift = Round(totals.WinRate is > 0 and var rate ? topRate / rate : null),
            ByGrade = [.. tally.Grades.OrderBy(grade => grade.Key, StringComparer.Ordinal).Select(grade => Row(grade.Key, grade.Value))],
            ByScoreBand = [.. bands.Select(band => Row(band.Key.Name, band.Value))],
            Calibration = calibration,
            CalibrationError = CalibrationError(calibration),
        };
    }

    /// <summary>The weeks from the first outcome to the last, at least one (a single day of outcomes is a week's load).</summary>
    public static double Weeks(DateTimeOffset? first, DateTimeOffset? last) =>
        first is { } from && last is { } to ? Math.Max((to - from).TotalDays / 7, 1) : 1;

    /// <summary>The leads per score band, every band listed (empty ones too, so two models' tables line up).</summary>
    public static IReadOnlyList<KeyValuePair<ScoreBand, ClassCounts>> Bands(ScoreHistogram scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var counts = ScoreBand.All.ToDictionary(band => band, _ => default(ClassCounts));
        foreach (var (score, bucket) in scores.Ascending())
        {
            var band = ScoreBand.Of(score);
            counts[band] += bucket;
        }

        return [.. ScoreBand.All.Select(band => KeyValuePair.Create(band, counts[band]))];
    }

    private static List<CalibrationRow> Calibration(
        IReadOnlyList<KeyValuePair<ScoreBand, ClassCounts>> bands,
        IReadOnlyList<KeyValuePair<ScoreBand, ClassCounts>> expected) =>
        [.. bands.Zip(expected, (band, reference) =>
            new CalibrationRow(band.Key.Name, band.Value.Total, Round(reference.Value.WinRate), Round(band.Value.WinRate)))];

    private static double? CalibrationError(IReadOnlyList<CalibrationRow> rows)
    {
        var compared = rows.Where(row => row is { ExpectedWinRate: not null, ObservedWinRate: not null }).ToArray();
        var leads = compared.Sum(row => row.Leads);
        return leads == 0
            ? null
            : Round(compared.Sum(row => row.Leads * Math.Abs(row.ExpectedWinRate!.Value - row.ObservedWinRate!.Value)) / leads);
    }

    private static RateRow Row(string name, ClassCounts counts) => new(name, counts.Total, counts.Won, Round(counts.WinRate));

    private static double? Round(double? value) => value is { } number ? Math.Round(number, 4) : null;
}
