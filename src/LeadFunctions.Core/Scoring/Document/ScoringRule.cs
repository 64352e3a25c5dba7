using System.Text.Json.Serialization;

namespace LeadFunctions.Scoring;

/// <summary>Base of every rule: a stable id (shown in explanations), a label for people, and points.</summary>
public abstract record ScoringRule
{
    public required string Id { get; init; }

    public string? Label { get; init; }

    public required decimal Points { get; init; }

    /// <summary>Derived, so not part of the document (a written model must parse back).</summary>
    [JsonIgnore]
    public string DisplayName => Label ?? Id;
}
