using LeadFunctions.Engagement;

namespace LeadFunctions.Ingestion;

/// <summary>Counts for the caller: accepted (newly stored), duplicates (stored before), and rejected items with reasons.</summary>
public sealed record IngestionResult(int Accepted, int Duplicates, IReadOnlyList<RejectedItem> Rejected);
