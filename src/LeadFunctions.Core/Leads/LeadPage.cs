namespace LeadFunctions.Leads;

public sealed record LeadPage(IReadOnlyList<Lead> Leads, string? ContinuationToken);
