using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>The answer to a sales action: applied (with the move), already done, or refused (with why).</summary>
/// <param name="Outcome">Applied, AlreadyInThatState or Refused.</param>
/// <param name="Stage">The lead's stage after the action (unchanged unless applied).</param>
/// <param name="Detail">One sentence for people: what happened, or why not.</param>
public sealed record SalesTransition(SalesTransitionOutcome Outcome, LeadStage Stage, string Detail)
{
    /// <summary>The move to record; set only when applied.</summary>
    public StageChange? Change { get; init; }
}
