namespace LeadFunctions.Reporting;

/// <summary>
/// One fact the funnel counts (a lead's first entry into a stage, a hand-off's SLA running out, the events machines made
/// that a rescore found) with the counters it adds <see cref="Amount"/> to (one, but for the machine events: how many).
/// <see cref="Key"/> names the fact within its lead (the stage and the exact time of the change), so the stores record
/// it once however often a save is retried, a message redelivered or a crash recovered.
/// </summary>
public sealed record FunnelEntry(string LeadId, string Key, IReadOnlyList<FunnelCounter> Counters, long Amount = 1);
