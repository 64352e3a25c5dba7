using LeadFunctions.Leads;

namespace LeadFunctions.Reporting;

/// <summary>
/// A stage of the report: how many leads entered it in the period; on the path Lead → MQL → SQL → SAL → Won, the
/// next-step conversion (entered the next stage / entered this one) and the cumulative conversion (entered this stage /
/// entered Lead), as fractions; null off the path, after Won, and where the divisor is zero.
/// </summary>
public sealed record FunnelStageRow(LeadStage Stage, long Entered, decimal? NextStepRate, decimal? CumulativeRate);
