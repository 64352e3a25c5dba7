namespace LeadFunctions.Sales;

/// <summary>A verified (or refused) hand-off link token: the lead and hand-off it names, and when it expires.</summary>
public sealed record HandoffLinkCheck(HandoffLinkStatus Status, string? LeadId, string? HandoffId, DateTimeOffset? ExpiresAt)
{
    public static HandoffLinkCheck Forged { get; } = new(HandoffLinkStatus.Forged, null, null, null);
}
