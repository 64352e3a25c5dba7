namespace LeadFunctions.Http.Models;

/// <summary>How a backtest figure on the models page is written and compared with the live model's.</summary>
internal enum BacktestFigure
{
    /// <summary>0.742; higher is better.</summary>
    Auc,

    /// <summary>A rate as a percentage (SQL recall, precision); higher is better.</summary>
    Share,

    /// <summary>SQLs a week: the load on sales, neither better nor worse.</summary>
    PerWeek,

    /// <summary>Top-decile lift, 3.2×; higher is better.</summary>
    Lift,
}
