using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>The answer to a sales action and the lead as it stands afterwards.</summary>
public sealed record SalesStatusResult(SalesTransition Transition, Lead Lead)
{
    /// <summary>The receipt recorded before under the same external id, on a replay (the same body or another).</summary>
    public SalesStatusReceipt? EarlierReceipt { get; init; }
}
