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
    string? Note)
{
    /// <summary>A fit rule that matched the profile's <paramref name="field"/>: its points, undecayed.</summary>
    public static ScoreContribution Fit(ScoringRule rule, string field)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(ScoreKind.Fit, rule.Id, rule.DisplayName, field, null, rule.Points, rule.Points, 1, null);
    }

    /// <summary>An event counted by an engagement rule: its points after decay by <paramref name="decayFactor"/>.</summary>
    public static ScoreContribution Event(
        EngagementRule rule,
        string eventId,
        DateTimeOffset occurredAt,
        decimal points,
        double decayFactor,
        string? note)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(ScoreKind.Engagement, rule.Id, rule.DisplayName, eventId, occurredAt, rule.Points, points, decayFactor, note);
    }

    /// <summary>An event a rule's repeat limit (<c>oncePer</c>, <c>maxCount</c>) keeps from counting: 0 points, with the reason.</summary>
    public static ScoreContribution RepeatLimited(EngagementRule rule, string eventId, DateTimeOffset occurredAt, string note)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(ScoreKind.Engagement, rule.Id, rule.DisplayName, eventId, occurredAt, rule.Points, 0, 1, note);
    }

    /// <summary>The adjustment that holds a rule's decayed sum to its cap.</summary>
    public static ScoreContribution Cap(EngagementRule rule, decimal adjustment, decimal cap) => Cap(rule, adjustment, CapNote(cap));

    /// <summary>A cap adjustment whose <see cref="CapNote"/> is already written: a scorer keeps one per rule.</summary>
    internal static ScoreContribution Cap(EngagementRule rule, decimal adjustment, string note)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(ScoreKind.Engagement, rule.Id, rule.DisplayName, "cap", null, 0, adjustment, 1, note);
    }

    /// <summary>The note of a cap adjustment; its number is written in the current culture.</summary>
    internal static string CapNote(decimal cap) => $"cap of {cap} points for this rule";

    /// <summary>
    /// The adjustment that holds a fit or engagement score to the model's limits (<paramref name="side"/>: "maximum"
    /// or "minimum").
    /// </summary>
    public static ScoreContribution Limit(ScoreKind kind, string side, decimal limited, decimal adjustment) => new(
        kind,
        kind == ScoreKind.Fit ? "fit-limit" : "engagement-limit",
        $"{kind} score {side}",
        "limit",
        null,
        0,
        adjustment,
        1,
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{kind} score limited to {limited}"));

    /// <summary>Holds <paramref name="score"/> to [min, max]; a score that had to move gets its <see cref="Limit"/> contribution.</summary>
    internal static decimal ApplyLimit(List<ScoreContribution> breakdown, ScoreKind kind, decimal score, decimal min, decimal max)
    {
        var limited = Math.Clamp(score, min, max);
        if (limited != score)
        {
            breakdown.Add(Limit(kind, limited == max ? "maximum" : "minimum", limited, limited - score));
        }

        return limited;
    }
}
