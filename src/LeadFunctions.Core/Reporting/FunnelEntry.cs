namespace LeadFunctions.Reporting;

/// <summary>
/// One fact the funnel counts (a lead's first entry into a stage, a hand-off's SLA running out) with the counters it
/// adds one to. <see cref="Key"/> names the fact within its lead (the stage and the exact time of the change), so the
/// stores record it once however often a save is retried, a message redelivered or a crash recovered.
/// </summary>
public sealed record FunnelEntry(string LeadId, string Key, IReadOnlyList<FunnelCounter> Counters);
