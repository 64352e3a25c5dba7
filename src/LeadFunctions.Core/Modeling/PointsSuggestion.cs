using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// A candidate model fitted to outcomes: the live model's document with each rule's suggested points, the rules found
/// in the data and thresholds fitted to the target (everything else as it was), the per-rule detail, the fit's figures
/// and what to be careful about.
/// </summary>
/// <param name="Candidate">The model to backtest.</param>
/// <param name="Rules">Per live rule, its old and new points, weight and confidence.</param>
/// <param name="Discovered">The rules found in the data and added to the candidate.</param>
/// <param name="Thresholds">The thresholds fitted to the target, with today's, and their figures.</param>
/// <param name="Fit">The counts, the held-out AUC and the fit's settings.</param>
/// <param name="Warnings">Thin data, rules there was nothing to learn about, relaxed requirements, a missed target.</param>
public sealed record PointsSuggestion(
    ScoringModelDocument Candidate,
    IReadOnlyList<RuleSuggestion> Rules,
    IReadOnlyList<DiscoveredRule> Discovered,
    ThresholdSuggestion Thresholds,
    SuggestionFit Fit,
    IReadOnlyList<string> Warnings);
