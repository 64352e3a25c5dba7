using LeadFunctions.Engagement;

namespace LeadFunctions.Benchmarks.Baseline;

/// <summary>An event the engagement step counts: its rule, its time (clamped to the scoring time) and age, and any note.</summary>
internal readonly record struct BaselineCountedEvent(
    EngagementEvent Event, int RuleIndex, DateTimeOffset OccurredAt, long AgeTicks, string? Note);
