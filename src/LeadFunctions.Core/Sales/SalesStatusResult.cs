using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>The answer to a sales action and the lead as it stands afterwards.</summary>
public sealed record SalesStatusResult(SalesTransition Transition, Lead Lead);
