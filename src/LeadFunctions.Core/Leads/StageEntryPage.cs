namespace LeadFunctions.Leads;

/// <summary>A page of a stage's index rows, and the token of the next page (null after the last).</summary>
public sealed record StageEntryPage(IReadOnlyList<StageEntry> Entries, string? ContinuationToken);
