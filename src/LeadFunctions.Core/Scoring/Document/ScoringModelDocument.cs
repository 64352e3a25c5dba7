namespace LeadFunctions.Scoring;

/// <summary>
/// The root of a scoring model document: the JSON shape of a scoring model (camelCase).
/// <see cref="ScoringModel.Parse(string)"/> validates it and compiles it for the scorer.
/// </summary>
public sealed record ScoringModelDocument
{
    public required string Version { get; init; }

    public required FitModel Fit { get; init; }

    public required EngagementModel Engagement { get; init; }

    public required QualificationModel Qualification { get; init; }

    public required IReadOnlyList<GradeBand> Grades { get; init; }
}
