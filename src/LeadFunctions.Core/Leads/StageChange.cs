namespace LeadFunctions.Leads;

/// <summary>One move of a lead between stages, with the reason that the scores gave for it.</summary>
public sealed record StageChange(LeadStage From, LeadStage To, DateTimeOffset At, string Reason)
{
    /// <summary>True when the lead moved down the funnel (recycled).</summary>
    public bool IsDemotion => To < From;
}
