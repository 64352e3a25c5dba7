namespace LeadFunctions.Leads;

public sealed record LeadIdPage(IReadOnlyList<string> LeadIds, string? ContinuationToken);
