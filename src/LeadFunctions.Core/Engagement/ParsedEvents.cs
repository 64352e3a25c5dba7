namespace LeadFunctions.Engagement;

/// <summary>The outcome of parsing a provider's batch: what can be stored, and what was rejected and why.</summary>
public sealed record ParsedEvents(IReadOnlyList<IncomingEvent> Accepted, IReadOnlyList<RejectedItem> Rejected)
{
    public static ParsedEvents Empty { get; } = new([], []);
}
