namespace LeadFunctions.Visitors;

/// <summary>What one retention run did: visitors reviewed, their events deleted, and leads given events a join had left behind.</summary>
public sealed record VisitorRetentionResult(int Visitors, int DeletedEvents, int LeadsCompleted)
{
    public static VisitorRetentionResult None { get; } = new(0, 0, 0);
}
