using LeadFunctions.Scoring;

namespace LeadFunctions.ModelVersions;

/// <summary>The answer to storing a version: the stored version, the document's errors, or that the version exists.</summary>
public sealed record ModelVersionCreation(ModelVersion? Created, IReadOnlyList<ModelError> Errors, string? ExistingVersion)
{
    public static ModelVersionCreation Stored(ModelVersion version) => new(version, [], null);

    public static ModelVersionCreation Invalid(IReadOnlyList<ModelError> errors) => new(null, errors, null);

    public static ModelVersionCreation Exists(string version) => new(null, [], version);
}
