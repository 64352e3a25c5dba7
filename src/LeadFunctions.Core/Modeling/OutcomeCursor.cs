using LeadFunctions.Leads;

namespace LeadFunctions.Modeling;

/// <summary>
/// Where a read of the leads with a known outcome stands: the outcome stage being read (Won, then Lost, then
/// Disqualified) and the stage index's continuation token within it. Plain data, so it can travel in a queue message
/// and a read can resume after a restart.
/// </summary>
public sealed record OutcomeCursor(LeadStage Stage, string? ContinuationToken)
{
    /// <summary>The start of a read: the first page of the won leads.</summary>
    public static OutcomeCursor First { get; } = new(KnownOutcomes.Stages[0], null);
}
