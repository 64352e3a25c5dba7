using LeadFunctions.Http.Leads;
using LeadFunctions.Leads;
using LeadFunctions.Sales;

namespace LeadFunctions.Http.Sales;

/// <summary>
/// The answer of <c>POST /api/leads/{leadId}/status</c>: <c>recorded</c> (the lead moved), <c>recordedAsHistory</c> (an
/// outcome older than the lead's latest one: in the history, the stage unchanged) or <c>unchanged</c> (a repeat or a
/// replay of the same externalId), and the lead's stage, outcome and stage history afterwards.
/// </summary>
public sealed record SalesStatusResponse(
    string LeadId,
    string Result,
    string Detail,
    LeadStage Stage,
    LeadOutcome? Outcome,
    IReadOnlyList<StageChange> StageHistory,
    IReadOnlyList<StageTransitionCount> CompactedStageHistory)
{
    public static SalesStatusResponse From(SalesStatusResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lead = result.Lead;
        return new SalesStatusResponse(
            lead.LeadId,
            result.Transition.Outcome switch
            {
                SalesTransitionOutcome.Applied => "recorded",
                SalesTransitionOutcome.RecordedAsHistory => "recordedAsHistory",
                _ => "unchanged",
            },
            result.Transition.Detail,
            lead.Stage,
            LeadOutcome.Of(lead),
            lead.Score?.StageHistory ?? [],
            lead.Score?.CompactedHistory ?? []);
    }
}
