namespace LeadFunctions.Modeling;

/// <summary>
/// Qualification thresholds fitted to a target, for the candidate's points: the proposed thresholds with their figures,
/// today's (the live model's points and thresholds) on the same leads, the requirements relaxed and how far from the
/// target the proposal stays.
/// </summary>
public sealed record ThresholdSuggestion
{
    /// <summary>The target share of leads at SQL (null when the target is a recall).</summary>
    public double? SqlShare { get; init; }

    /// <summary>The target share of won leads at SQL (null when the target is a share).</summary>
    public double? SqlRecall { get; init; }

    /// <summary>The target share of leads at MQL or above.</summary>
    public required double MqlShare { get; init; }

    /// <summary>The leads the thresholds were fitted and judged on (the held-out leads, or all when none was held out).</summary>
    public required int Leads { get; init; }

    /// <summary>The candidate's points with the proposed thresholds.</summary>
    public required ThresholdFigures Proposed { get; init; }

    /// <summary>The live model's points with its thresholds: what sales sees today.</summary>
    public required ThresholdFigures Today { get; init; }

    /// <summary>The SQL requirements relaxed (<c>requireBant</c>, <c>highIntent</c>), each explained in a warning.</summary>
    public required IReadOnlyList<string> Relaxed { get; init; }

    /// <summary>How far the proposal's SQL share (or recall) stays below the target; 0 when it reaches it.</summary>
    public required double ShortOfTarget { get; init; }
}
