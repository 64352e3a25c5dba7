using LeadFunctions.Scoring;

namespace LeadFunctions.Leads;

/// <summary>What one rule contributed in total (events counted, points after decay, caps and limits).</summary>
public sealed record RuleContribution(ScoreKind Kind, string RuleId, string Label, int Events, decimal Points, string? Note);
