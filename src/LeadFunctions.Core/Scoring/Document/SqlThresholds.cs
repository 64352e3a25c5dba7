namespace LeadFunctions.Scoring;

/// <summary>
/// SQL when the lead is an MQL and did a high-intent event within the window, or when fit + engagement reaches
/// <see cref="MinTotal"/> with BANT complete (when <see cref="RequireBant"/>).
/// </summary>
public sealed record SqlThresholds
{
    public required IReadOnlyList<string> HighIntentEventTypes { get; init; }

    public required double HighIntentWithinDays { get; init; }

    public decimal? MinTotal { get; init; }

    public bool RequireBant { get; init; } = true;
}
