using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>A rule found in the data and added to the candidate, with the evidence for it.</summary>
/// <param name="RuleId">Its id in the candidate ("source-reference", "page-customers").</param>
/// <param name="Label">Its label ("Source: reference", "Viewed /customers").</param>
/// <param name="Kind">Fit (a field rule) or Engagement (an event, counted once, without decay).</param>
/// <param name="Field">The captured field, for a field rule.</param>
/// <param name="Value">The field's value, for a field rule.</param>
/// <param name="EventType">The event type, for an engagement rule.</param>
/// <param name="Where">The engagement rule's property filter (empty for a whole event type).</param>
/// <param name="Support">Leads with an outcome that have it.</param>
/// <param name="Won">Of those, the leads that were won.</param>
/// <param name="WinRate">Won / support.</param>
/// <param name="Lift">Its win rate over the win rate of every lead with an outcome.</param>
/// <param name="Weight">Its fitted weight (log-odds), fitted with the live rules.</param>
/// <param name="StandardError">The weight's standard error.</param>
/// <param name="Z">|weight| / standard error.</param>
/// <param name="Confidence">medium or high (lower is not proposed).</param>
/// <param name="Points">Its points in the candidate: the weight at the same scale as the live rules' points.</param>
public sealed record DiscoveredRule(
    string RuleId,
    string Label,
    ScoreKind Kind,
    string? Field,
    string? Value,
    string? EventType,
    IReadOnlyList<PropertyFilter>? Where,
    int Support,
    int Won,
    double WinRate,
    double Lift,
    double Weight,
    double StandardError,
    double Z,
    string Confidence,
    decimal Points);
