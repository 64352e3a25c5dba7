using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// A lead with a known outcome, scored by the live model as of its outcome time: what a fit learns from. Compact: the
/// rules it activated, the live scores, the BANT evidence, whether it sent a high-intent event in the window before its
/// outcome, and what rule discovery reads (its captured field values and the event features it had by then).
/// </summary>
/// <param name="LeadId">The lead (decides which side of the held-out split it falls on).</param>
/// <param name="Won">True for Won; false for Lost and Disqualified.</param>
/// <param name="Activations">How much each of the model's rules was activated (see <see cref="RuleActivations"/>).</param>
/// <param name="LiveScore">The live model's total score then, to compare the fit with.</param>
public sealed record ScoredOutcome(string LeadId, bool Won, FeatureRow Activations, decimal LiveScore)
{
    /// <summary>When the outcome was decided (what the lead was scored as of).</summary>
    public DateTimeOffset OutcomeAt { get; init; }

    /// <summary>The live model's fit score then.</summary>
    public decimal LiveFit { get; init; }

    /// <summary>The live model's engagement score then.</summary>
    public decimal LiveEngagement { get; init; }

    /// <summary>The BANT evidence as the live model read it.</summary>
    public BantStatus Bant { get; init; }

    /// <summary>True when it sent one of the live model's high-intent event types within its window before the outcome.</summary>
    public bool HighIntent { get; init; }

    /// <summary>Its captured field values (<see cref="CapturedFields"/>).</summary>
    public IReadOnlyList<CapturedValue> Fields { get; init; } = [];

    /// <summary>The event features it had by its outcome (<see cref="EventFeature"/>).</summary>
    public IReadOnlyList<EventFeature> Events { get; init; } = [];
}
