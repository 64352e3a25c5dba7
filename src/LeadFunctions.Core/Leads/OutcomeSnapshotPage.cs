namespace LeadFunctions.Leads;

/// <summary>A page of an outcome stage's index rows with their snapshots, and the token of the next page (null after the last).</summary>
public sealed record OutcomeSnapshotPage(IReadOnlyList<OutcomeSnapshot> Entries, string? ContinuationToken);
