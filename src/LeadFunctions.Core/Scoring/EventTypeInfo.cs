namespace LeadFunctions.Scoring;

/// <summary>What the scorer needs to know about one event type, found with a single lookup.</summary>
internal sealed record EventTypeInfo(int[] Rules, bool IsHighIntent);
