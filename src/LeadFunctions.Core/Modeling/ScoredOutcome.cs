namespace LeadFunctions.Modeling;

/// <summary>A lead with a known outcome, scored by the live model as of its outcome time: what a fit learns from.</summary>
/// <param name="LeadId">The lead (decides which side of the held-out split it falls on).</param>
/// <param name="Won">True for Won; false for Lost and Disqualified.</param>
/// <param name="Activations">How much each of the model's rules was activated (see <see cref="RuleActivations"/>).</param>
/// <param name="LiveScore">The live model's total score then, to compare the fit with.</param>
public sealed record ScoredOutcome(string LeadId, bool Won, FeatureRow Activations, decimal LiveScore);
