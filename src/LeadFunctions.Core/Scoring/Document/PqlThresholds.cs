namespace LeadFunctions.Scoring;

/// <summary>PQL when the decayed points from rules of the given categories reach <see cref="MinPoints"/>.</summary>
public sealed record PqlThresholds
{
    public IReadOnlyList<string> Categories { get; init; } = ["product"];

    public required decimal MinPoints { get; init; }
}
