using LeadFunctions.Leads;

namespace LeadFunctions.Scoring;

/// <summary>The outcome of scoring one lead: scores, grade, stage and the explanation that adds up to them.</summary>
public sealed record LeadScore
{
    public required decimal FitScore { get; init; }

    public required decimal EngagementScore { get; init; }

    public decimal TotalScore => FitScore + EngagementScore;

    /// <summary>Fit grade (A..D in the default model), read faster by sales than a number.</summary>
    public required string Grade { get; init; }

    public required LeadStage Stage { get; init; }

    /// <summary>Product qualified: enough decayed points from product-usage rules.</summary>
    public required bool IsPql { get; init; }

    public required BantStatus Bant { get; init; }

    /// <summary>Every contribution; per kind, the points add up exactly to the score.</summary>
    public required IReadOnlyList<ScoreContribution> Breakdown { get; init; }

    /// <summary>All stage changes, oldest first, including the one made by this scoring.</summary>
    public required IReadOnlyList<StageChange> StageHistory { get; init; }

    /// <summary>The stage change this scoring made, if any.</summary>
    public StageChange? StageChange { get; init; }

    /// <summary>True exactly when this scoring moved the lead into SQL: hand it to sales.</summary>
    public bool SalesHandoffDue => StageChange is { To: LeadStage.SQL };

    public required string ModelVersion { get; init; }

    public required DateTimeOffset ScoredAt { get; init; }

    /// <summary>
    /// When decay may next change the lead's stage or visibly lower its engagement, so the decay timer rescores it
    /// then; null when nothing left decays.
    /// </summary>
    public DateTimeOffset? DecayReviewDueAt { get; init; }

    /// <summary>Distinct events counted (after removing duplicate ids).</summary>
    public int EventCount { get; init; }

    /// <summary>Events whose id appeared more than once in the input: each counted once.</summary>
    public int DuplicateEvents { get; init; }

    /// <summary>Events of a type the model does not know: ignored (ingestion rejects them before they get here).</summary>
    public int UnknownEvents { get; init; }

    /// <summary>Events dated after the scoring time: clamped to it (clock skew), and said so in their contribution.</summary>
    public int ClampedEvents { get; init; }

    /// <summary>
    /// Events a machine made (a mail privacy proxy's open, a scanner's click, a bot), in chronological order: no points,
    /// no cap, no repeat limit; not in <see cref="EventCount"/>.
    /// </summary>
    public IReadOnlyList<IgnoredEvent> IgnoredEvents { get; init; } = [];
}
