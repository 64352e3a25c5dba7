using LeadFunctions.Backtesting;
using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// What a set of thresholds does to the leads it is judged on: the share at MQL or above and at SQL, the SQL band's
/// recall and precision against won, SQLs per week, and the win rate of each band (below MQL, MQL, SQL).
/// </summary>
public sealed record ThresholdFigures
{
    public required MqlThresholds Mql { get; init; }

    public required SqlThresholds Sql { get; init; }

    /// <summary>Leads at MQL or SQL, as a share of the leads judged.</summary>
    public required double MqlShare { get; init; }

    /// <summary>Leads at SQL, as a share of the leads judged.</summary>
    public required double SqlShare { get; init; }

    /// <summary>Won leads at SQL / won leads; null without won leads.</summary>
    public double? SqlRecall { get; init; }

    /// <summary>Won leads at SQL / leads at SQL; null when none is at SQL.</summary>
    public double? SqlPrecision { get; init; }

    /// <summary>The SQL share times the leads with an outcome, per week of outcomes (the load on sales).</summary>
    public required double SqlsPerWeek { get; init; }

    /// <summary>"below MQL", "MQL" and "SQL": leads, won, win rate.</summary>
    public required IReadOnlyList<RateRow> Bands { get; init; }
}
