namespace LeadFunctions.Scoring;

/// <summary>Engagement (what the lead does). Decays exponentially by event age.</summary>
public sealed record EngagementModel
{
    public decimal MinScore { get; init; } = -100;

    public decimal MaxScore { get; init; } = 200;

    /// <summary>Half-life for rules that do not set their own.</summary>
    public required double DefaultHalfLifeDays { get; init; }

    /// <summary>Rules in priority order: an event counts for the first rule whose type and filters match.</summary>
    public required IReadOnlyList<EngagementRule> Rules { get; init; }

    /// <summary>Event types accepted and stored but worth no points (for example "Identify").</summary>
    public IReadOnlyList<string> UnscoredEventTypes { get; init; } = [];
}
