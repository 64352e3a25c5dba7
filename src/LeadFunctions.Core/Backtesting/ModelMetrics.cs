namespace LeadFunctions.Backtesting;

/// <summary>How well one model's scores, at one scoring time, sorted the leads that were won from the others.</summary>
public sealed record ModelMetrics
{
    /// <summary>The probability that a won lead outscores one not won (ties half); null when a class is empty.</summary>
    public double? Auc { get; init; }

    /// <summary>Leads the model put at SQL.</summary>
    public long Sqls { get; init; }

    /// <summary>The share of won leads that the model put at SQL; null without won leads.</summary>
    public double? SqlRecall { get; init; }

    /// <summary>The share of the model's SQLs that were won; null when it made none.</summary>
    public double? SqlPrecision { get; init; }

    /// <summary>The load on sales: SQLs over the weeks the outcomes span.</summary>
    public double SqlsPerWeek { get; init; }

    /// <summary>The win rate of the top 10% by score over the overall win rate; null when nothing was won.</summary>
    public double? TopDecileLift { get; init; }

    public double? TopDecileWinRate { get; init; }

    public required IReadOnlyList<RateRow> ByGrade { get; init; }

    public required IReadOnlyList<RateRow> ByScoreBand { get; init; }

    public required IReadOnlyList<CalibrationRow> Calibration { get; init; }

    /// <summary>The lead-weighted mean of |expected − observed| over the bands with both rates.</summary>
    public double? CalibrationError { get; init; }
}
