using System.Text.Json.Serialization;
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

    /// <summary>
    /// True for an outcome that happened but did not move the lead: it was older than the lead's latest outcome when it
    /// was reported. <see cref="To"/> is the stage it would have set; the lead stayed in <see cref="From"/>. The funnel,
    /// the outcome of the lead and the backtests read only the moves (written only when true).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool RecordedAsHistory { get; init; }

    /// <summary>True when the change moved the lead (every change but one <see cref="RecordedAsHistory"/>).</summary>
    [JsonIgnore]
    public bool IsMove => !RecordedAsHistory;

    /// <summary>True when the lead went back to nurture (to Lead or Recycled) from further down the funnel.</summary>
    public bool IsDemotion => To.IsNurture() && !From.IsNurture() && From != LeadStage.Disqualified;
}
