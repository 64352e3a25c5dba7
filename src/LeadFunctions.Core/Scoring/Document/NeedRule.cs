namespace LeadFunctions.Scoring;

/// <summary>BANT need: points when a stated need has at least <see cref="MinLength"/> characters.</summary>
public sealed record NeedRule : ScoringRule
{
    public int MinLength { get; init; } = 1;
}
