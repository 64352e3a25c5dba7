namespace LeadFunctions.Scoring;

/// <summary>A fit grade: the first band whose <see cref="MinFit"/> the fit score reaches; the last has none.</summary>
public sealed record GradeBand
{
    public required string Grade { get; init; }

    public decimal? MinFit { get; init; }
}
