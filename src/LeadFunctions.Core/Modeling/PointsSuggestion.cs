using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// A candidate model with points fitted to outcomes: the live model's document with each rule's suggested points
/// (everything else as it was), the per-rule detail, the fit's figures and what to be careful about.
/// </summary>
/// <param name="Candidate">The model to backtest; the same rules, thresholds and limits as the live one.</param>
/// <param name="Rules">Per rule, its old and new points, weight and confidence.</param>
/// <param name="Fit">The counts, the held-out AUC and the fit's settings.</param>
/// <param name="Warnings">Thin data, rules there was nothing to learn about, a fit that did not converge.</param>
public sealed record PointsSuggestion(
    ScoringModelDocument Candidate,
    IReadOnlyList<RuleSuggestion> Rules,
    SuggestionFit Fit,
    IReadOnlyList<string> Warnings);
