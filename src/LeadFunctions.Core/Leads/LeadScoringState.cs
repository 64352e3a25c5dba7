using LeadFunctions.Engagement;

namespace LeadFunctions.Leads;

/// <summary>What the scorer needs: the lead (with its ETag) and its events.</summary>
public sealed record LeadScoringState(Lead Lead, IReadOnlyList<EngagementEvent> Events);
