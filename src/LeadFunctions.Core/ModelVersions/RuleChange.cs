namespace LeadFunctions.ModelVersions;

/// <summary>
/// A rule that differs between two models: where it is (<see cref="Section"/>: <c>Job title</c>, <c>Engagement</c>…),
/// its points in each (null where it does not exist) and every other setting that changed.
/// </summary>
public sealed record RuleChange(
    string Section,
    string RuleId,
    string Label,
    RuleChangeKind Kind,
    decimal? OldPoints,
    decimal? NewPoints,
    IReadOnlyList<SettingChange> Settings)
{
    /// <summary>True when the rule is in both models with other points.</summary>
    public bool PointsChanged => Kind == RuleChangeKind.Changed && OldPoints != NewPoints;
}
