namespace LeadFunctions.Scoring;

/// <summary>Base of every rule: a stable id (shown in explanations), a label for people, and points.</summary>
public abstract record ScoringRule
{
    public required string Id { get; init; }

    public string? Label { get; init; }

    public required decimal Points { get; init; }

    public string DisplayName => Label ?? Id;
}
