namespace LeadFunctions.Modeling;

/// <summary>
/// From fitted weights (log-odds per activation) to points. Points are proportional to the weights, with one factor
/// for the whole model, chosen so that the fitted rules' points keep the same total size (Σ |points|) as in the live
/// model: the scores stay in the range the stage thresholds, grades and score limits were set for, and only the
/// balance between the rules changes. A negative weight becomes negative points.
/// </summary>
public static class PointsScale
{
    /// <summary>The validator's limit on a rule's points.</summary>
    public const decimal MaxAbsolutePoints = 10_000;

    /// <summary>Points per rule assumed when every fitted rule is worth 0 in the live model (there is no size to keep).</summary>
    public const decimal PointsPerRuleWithoutSize = 10;

    /// <summary>Points per unit of log-odds for the fitted rules; 0 when every weight is 0.</summary>
    public static double Factor(IReadOnlyList<decimal> oldPoints, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(oldPoints);
        ArgumentNullException.ThrowIfNull(weights);
        var size = oldPoints.Sum(Math.Abs);
        if (size == 0)
        {
            size = PointsPerRuleWithoutSize * oldPoints.Count;
        }

        var weightSize = weights.Sum(Math.Abs);
        return weightSize > 0 ? (double)size / weightSize : 0;
    }

    /// <summary>The weight in whole points (half away from zero), within the validator's limits.</summary>
    public static decimal Points(double weight, double factor)
    {
        var points = Math.Round(weight * factor, MidpointRounding.AwayFromZero);
        return Math.Clamp((decimal)points, -MaxAbsolutePoints, MaxAbsolutePoints);
    }

    /// <summary>
    /// A rule's cap moved with its points, so that it still stops the rule after the same (decayed) number of events;
    /// kept as it was when either side is 0 (a cap on 0 points holds nothing).
    /// </summary>
    public static decimal? Cap(decimal? cap, decimal oldPoints, decimal newPoints)
    {
        if (cap is not { } value || oldPoints == 0 || newPoints == 0)
        {
            return cap;
        }

        var moved = Math.Round(value * Math.Abs(newPoints) / Math.Abs(oldPoints), 2, MidpointRounding.AwayFromZero);
        return Math.Clamp(moved, 0.01m, MaxAbsolutePoints);
    }
}
