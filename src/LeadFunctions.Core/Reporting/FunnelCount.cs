namespace LeadFunctions.Reporting;

/// <summary>The value of a counter as read from the store (summed over its shards).</summary>
public sealed record FunnelCount(FunnelCounter Counter, long Count);
