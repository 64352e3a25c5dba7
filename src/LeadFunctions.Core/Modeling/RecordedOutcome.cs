using LeadFunctions.Leads;

namespace LeadFunctions.Modeling;

/// <summary>A lead whose outcome is known, as the stage index tells it: won, or lost or disqualified, and when.</summary>
/// <param name="LeadId">The lead.</param>
/// <param name="Stage">Won, Lost or Disqualified.</param>
/// <param name="At">When the lead last moved into that stage: what a model is judged as of.</param>
public sealed record RecordedOutcome(string LeadId, LeadStage Stage, DateTimeOffset At)
{
    public bool Won => Stage == LeadStage.Won;
}
