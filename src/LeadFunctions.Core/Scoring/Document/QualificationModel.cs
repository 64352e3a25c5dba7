namespace LeadFunctions.Scoring;

/// <summary>Stage thresholds.</summary>
public sealed record QualificationModel
{
    public required MqlThresholds Mql { get; init; }

    public required SqlThresholds Sql { get; init; }

    public PqlThresholds? Pql { get; init; }
}
