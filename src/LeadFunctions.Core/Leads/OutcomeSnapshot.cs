using LeadFunctions.Modeling;

namespace LeadFunctions.Leads;

/// <summary>
/// One row of an outcome stage's index as read with its snapshot: the lead id and, when the row carries one, the lead's
/// outcome with what a model is judged on (profile, attribution, every event) as it was when the lead was last rescored
/// at that stage. Null when the row has no snapshot (written before snapshots existed or in an older layout, too large
/// to keep, or not yet refreshed): read the lead itself.
/// </summary>
public sealed record OutcomeSnapshot(string LeadId, KnownOutcome? Outcome);
