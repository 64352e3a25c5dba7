using LeadFunctions.ModelVersions;

namespace LeadFunctions.Http.Models;

/// <summary>A stored version's metadata as the API shows it (status in lower case).</summary>
public sealed record ModelVersionResponse(
    string Version,
    string Status,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string? Note,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    string? Reason,
    string? BacktestId,
    bool Forced)
{
    public static ModelVersionResponse From(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(
            version.Version,
            version.Status.ToString().ToLowerInvariant(),
            version.CreatedAt,
            version.CreatedBy,
            version.Note,
            version.PublishedAt,
            version.PublishedBy,
            version.Reason,
            version.BacktestId,
            version.Forced);
    }
}
