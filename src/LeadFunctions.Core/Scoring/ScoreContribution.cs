namespace LeadFunctions.Scoring;

/// <summary>
/// One line of a score's explanation. The <see cref="Points"/> of all contributions of a kind add up exactly to
/// that score: rule matches, decayed events, and the adjustments made by caps and score limits.
/// </summary>
/// <param name="Kind">The score the points count towards.</param>
/// <param name="RuleId">The model rule that gave (or limited) the points.</param>
/// <param name="Label">The rule's label for people.</param>
/// <param name="Source">The event id, the profile field that matched, or "cap" / "limit" for adjustments.</param>
/// <param name="OccurredAt">When the event happened (clamped to the scoring time if it was in the future).</param>
/// <param name="BasePoints">Points before decay.</param>
/// <param name="Points">Points after decay, repeat limits, caps and limits: what the score counts.</param>
/// <param name="DecayFactor">The factor applied for the event's age (1 for fit and for points that do not decay).</param>
/// <param name="Note">Why the points differ from the rule's points, when they do.</param>
public readonly record struct ScoreContribution(
    ScoreKind Kind,
    string RuleId,
    string Label,
    string Source,
    DateTimeOffset? OccurredAt,
    decimal BasePoints,
    decimal Points,
    double DecayFactor,
    string? Note);
