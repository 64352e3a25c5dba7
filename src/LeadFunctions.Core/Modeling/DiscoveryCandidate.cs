using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// A rule rule discovery proposes to fit beside the live rules: a field rule on one captured value, or an engagement
/// rule on one event feature counted once, without decay ("did it before the outcome"). Its points are 0 until fitted.
/// </summary>
/// <param name="Kind">Fit (a field rule) or Engagement.</param>
/// <param name="Field">The field rule, for a Fit candidate.</param>
/// <param name="Engagement">The engagement rule, for an Engagement candidate.</param>
/// <param name="Support">Leads with an outcome that have it.</param>
/// <param name="Won">Of those, the leads that were won.</param>
public sealed record DiscoveryCandidate(ScoreKind Kind, FieldRule? Field, EngagementRule? Engagement, int Support, int Won)
{
    /// <summary>The rule as it goes into the model (points not yet set).</summary>
    public ScoringRule Rule => (ScoringRule?)Field ?? Engagement!;
}
