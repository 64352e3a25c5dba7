using LeadFunctions.Engagement;

namespace LeadFunctions.Scoring;

/// <summary>An event the engagement step counts: its rule, its time (clamped to the scoring time) and age, and any note.</summary>
internal readonly record struct CountedEvent(EngagementEvent Event, int RuleIndex, DateTimeOffset OccurredAt, long AgeTicks, string? Note);
