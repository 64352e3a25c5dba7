namespace LeadFunctions.Engagement;

/// <summary>An item of a batch that was not accepted, with the reason (never containing personal data).</summary>
public sealed record RejectedItem(int Index, string? EventId, string Reason);
