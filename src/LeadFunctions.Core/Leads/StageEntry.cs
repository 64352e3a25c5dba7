namespace LeadFunctions.Leads;

/// <summary>One row of a stage's index, as stored: not checked against its lead (it may be stale).</summary>
/// <param name="LeadId">The lead the row names.</param>
/// <param name="EnteredAt">
/// When the lead last moved into the stage, as written on the row when it entered; null on rows written before the
/// index recorded it (read the lead for it).
/// </param>
public sealed record StageEntry(string LeadId, DateTimeOffset? EnteredAt);
