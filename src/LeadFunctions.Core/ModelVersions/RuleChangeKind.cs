namespace LeadFunctions.ModelVersions;

/// <summary>How a rule of a version differs from the same rule (by section and id) of the model it is compared with.</summary>
public enum RuleChangeKind
{
    /// <summary>Only in the version.</summary>
    Added,

    /// <summary>Only in the model compared with (live): the version dropped it.</summary>
    Removed,

    /// <summary>In both, with other points or other settings (what it matches, its cap, its place in the order…).</summary>
    Changed,
}
