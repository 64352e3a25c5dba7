namespace LeadFunctions.Scoring;

/// <summary>MQL when fit and engagement both reach their minimum.</summary>
public sealed record MqlThresholds
{
    public required decimal MinFit { get; init; }

    public required decimal MinEngagement { get; init; }
}
