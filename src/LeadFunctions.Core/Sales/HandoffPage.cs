using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>What the hand-off page shows: the lead, its hand-off and SLA, and the actions (with their forms) sales has now.</summary>
/// <param name="Lead">The lead as it stands (after the action, when there was one).</param>
/// <param name="Handoff">The hand-off the link was made for.</param>
/// <param name="Token">The link's token (the forms post back to it).</param>
/// <param name="ExpiresAt">When the link stops working.</param>
/// <param name="Sla">The hand-off's age against its SLA.</param>
/// <param name="SlaLength">The SLA (<c>Handoff__SlaHours</c>).</param>
/// <param name="IsLatestHandoff">False when the lead was handed off again since: the page is then read-only.</param>
/// <param name="Offered">The actions that would apply now, each with its form's anti-forgery value.</param>
/// <param name="Reasons">The configured reasons.</param>
public sealed record HandoffPage(
    Lead Lead,
    SalesHandoff Handoff,
    string Token,
    DateTimeOffset ExpiresAt,
    HandoffSla Sla,
    TimeSpan SlaLength,
    bool IsLatestHandoff,
    IReadOnlyDictionary<SalesActionKind, string> Offered,
    SalesOptions Reasons)
{
    /// <summary>The answer to the action just posted; null when the page was only opened.</summary>
    public SalesTransition? Answer { get; init; }
}
