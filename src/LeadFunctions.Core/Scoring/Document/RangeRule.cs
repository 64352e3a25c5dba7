namespace LeadFunctions.Scoring;

/// <summary>Matches a number within [Min, Max] (both inclusive, either may be absent).</summary>
public sealed record RangeRule : ScoringRule
{
    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public bool Matches(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);
}
