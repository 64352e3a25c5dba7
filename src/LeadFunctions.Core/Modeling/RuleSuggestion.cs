using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>One rule's suggested points, with the fitted weight they come from and how sure the fit is of it.</summary>
/// <param name="RuleId">The rule's id in the model.</param>
/// <param name="Kind">Fit or Engagement.</param>
/// <param name="OldPoints">The live model's points.</param>
/// <param name="NewPoints">The suggested points: the weight times the fit's scale, rounded to a whole point.</param>
/// <param name="Weight">
/// The fitted change of the log-odds of winning per activation; null when the rule was not fitted (no lead in the fit
/// activated it, or every lead alike).
/// </param>
/// <param name="StandardError">The weight's standard error; null when the rule was not fitted.</param>
/// <param name="Z">|weight| / standard error; null when the rule was not fitted.</param>
/// <param name="Confidence">high (z ≥ 2.58), medium (z ≥ 1.96), low, or none (not fitted: its points are kept).</param>
public sealed record RuleSuggestion(
    string RuleId,
    ScoreKind Kind,
    decimal OldPoints,
    decimal NewPoints,
    double? Weight,
    double? StandardError,
    double? Z,
    string Confidence)
{
    /// <summary>z of a two-sided 99% interval: a weight this many standard errors from 0 is "high".</summary>
    public const double HighZ = 2.576;

    /// <summary>z of a two-sided 95% interval: "medium" from here.</summary>
    public const double MediumZ = 1.96;

    /// <summary>The confidence word for a z value; "none" when there is none.</summary>
    public static string ConfidenceFor(double? z) => z switch
    {
        null or double.NaN => "none",
        >= HighZ => "high",
        >= MediumZ => "medium",
        _ => "low",
    };
}
