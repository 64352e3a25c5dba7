using LeadFunctions.Leads;

namespace LeadFunctions.Reporting;

/// <summary>
/// How long leads that entered <see cref="To"/> in the period took from their first entry into <see cref="From"/>, in
/// whole days (exact at day resolution: the counters keep durations per whole day). Null when no lead made the step.
/// </summary>
public sealed record FunnelTimeToStage(LeadStage From, LeadStage To, long Count, int? MedianDays, int? P90Days);
