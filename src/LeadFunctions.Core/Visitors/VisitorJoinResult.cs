namespace LeadFunctions.Visitors;

/// <summary>What a join did: the claim's answer, and how many of the visitor's events were newly stored on the lead.</summary>
public readonly record struct VisitorJoinResult(VisitorClaim Claim, int Moved);
