namespace LeadFunctions.ModelVersions;

/// <summary>The body of a publish: why, on which backtest, and whether to skip the gate.</summary>
public sealed record PublishRequest
{
    public string? Reason { get; init; }

    public string? BacktestId { get; init; }

    public bool Force { get; init; }

    /// <summary>The shortest reason a forced publish accepts.</summary>
    public const int MinForcedReasonLength = 10;
}
