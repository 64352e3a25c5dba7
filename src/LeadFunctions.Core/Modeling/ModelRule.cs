using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>One of a model's own rules as a fit sees it: its id, the score it counts towards, its points.</summary>
public sealed record ModelRule(string Id, ScoreKind Kind, decimal Points);
