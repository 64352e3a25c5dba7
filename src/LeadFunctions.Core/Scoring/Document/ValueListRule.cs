namespace LeadFunctions.Scoring;

/// <summary>Matches when the value equals one of <see cref="Values"/> (case-insensitive).</summary>
public sealed record ValueListRule : ScoringRule
{
    public required IReadOnlyList<string> Values { get; init; }
}
