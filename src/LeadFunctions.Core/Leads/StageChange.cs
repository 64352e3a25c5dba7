using LeadFunctions.Sales;

namespace LeadFunctions.Leads;

/// <summary>
/// One move of a lead between stages: made by the scores (with the reason they gave) or by a sales action (with the
/// actor, the reason picked and the note).
/// </summary>
public sealed record StageChange(LeadStage From, LeadStage To, DateTimeOffset At, string Reason)
{
    /// <summary>The sales action that made the move; null when the scores made it.</summary>
    public SalesActionKind? Action { get; init; }

    /// <summary>Who acted: the inbox the hand-off link was sent to, or the status API's actor. Null for the scores.</summary>
    public string? Actor { get; init; }

    /// <summary>The note given with a sales action (at most 1,000 characters).</summary>
    public string? Note { get; init; }

    /// <summary>True when the lead went back to nurture (to Lead or Recycled) from further down the funnel.</summary>
    public bool IsDemotion => To.IsNurture() && !From.IsNurture() && From != LeadStage.Disqualified;
}
