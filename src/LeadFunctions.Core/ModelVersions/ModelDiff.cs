namespace LeadFunctions.ModelVersions;

/// <summary>
/// What a version changes against another model (the live one): its rules added, removed or changed (points old → new,
/// and any other setting of the rule), and the model-wide settings that changed (score limits, MQL/SQL/PQL thresholds,
/// grades). Made by <see cref="ModelRulesDiff.Compare"/>.
/// </summary>
public sealed record ModelDiff(
    string FromVersion,
    string ToVersion,
    IReadOnlyList<RuleChange> Rules,
    IReadOnlyList<SettingChange> Thresholds)
{
    /// <summary>True when the two models score every lead alike (only their versions differ).</summary>
    public bool IsEmpty => Rules.Count == 0 && Thresholds.Count == 0;

    public int Count(RuleChangeKind kind) => Rules.Count(rule => rule.Kind == kind);
}
