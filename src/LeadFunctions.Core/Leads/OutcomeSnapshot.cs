namespace LeadFunctions.Leads;

/// <summary>
/// One row of an outcome stage's index as read with its snapshot: the lead id and, when the row carries one, the lead
/// with all its events as they were when the lead was last rescored at that stage. Null when the row has no snapshot
/// (written before snapshots existed, too large to keep, or not yet refreshed): read the lead itself.
/// </summary>
public sealed record OutcomeSnapshot(string LeadId, LeadScoringState? State);
