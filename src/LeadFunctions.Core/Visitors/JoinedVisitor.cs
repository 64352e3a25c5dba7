namespace LeadFunctions.Visitors;

/// <summary>A visitor that joined a lead but still holds events (a join cut short): they are to be moved to the lead.</summary>
public sealed record JoinedVisitor(VisitorKey Key, string LeadId);
