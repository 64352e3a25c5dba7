namespace LeadFunctions.ModelVersions;

/// <summary>
/// The registry as the models page shows it: the live version (whatever page this is; null while the registry is
/// empty), one page of versions newest first, and where the next page starts (null after the last).
/// </summary>
public sealed record ModelVersionsOverview(
    ModelVersionOverview? Live,
    IReadOnlyList<ModelVersionOverview> Versions,
    string? ContinuationToken);
