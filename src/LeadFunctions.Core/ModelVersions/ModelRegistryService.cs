using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// Stores model versions (validated exactly as the live model is) and reads them. A stored version never changes:
/// to change anything, raise <c>version</c> and store a new one.
/// </summary>
public sealed partial class ModelRegistryService(
    IModelRegistry registry,
    TimeProvider timeProvider,
    ILogger<ModelRegistryService> logger)
{
    /// <summary>Versions per page of the listing.</summary>
    public const int PageSize = 50;

    /// <summary>The longest note kept with a version.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>Validates <paramref name="json"/> and stores it as a draft, unless its version exists.</summary>
    public async Task<ModelVersionCreation> CreateAsync(
        string json, string? note, string createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(json);
        ScoringModel model;
        try
        {
            model = ScoringModel.Parse(json);
        }
        catch (ScoringModelException exception)
        {
            return ModelVersionCreation.Invalid(exception.Errors);
        }

        if (!ModelVersionName.IsValid(model.Version))
        {
            return ModelVersionCreation.Invalid([new ModelError("$.version", "must be usable in a URL: " + ModelVersionName.Rule)]);
        }

        var version = new ModelVersion
        {
            Version = model.Version,
            Status = ModelVersionStatus.Draft,
            CreatedAt = timeProvider.GetUtcNow(),
            CreatedBy = createdBy,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        };
        if (!await registry.TryCreateAsync(version, json, cancellationToken))
        {
            return ModelVersionCreation.Exists(model.Version);
        }

        LogStored(logger, version.Version);
        return ModelVersionCreation.Stored(version);
    }

    /// <summary>The version's metadata and document, or null (also for a malformed name).</summary>
    public async Task<(ModelVersion Version, string Json)?> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        if (!ModelVersionName.IsValid(version) || await registry.GetAsync(version, cancellationToken) is not { } stored)
        {
            return null;
        }

        return await registry.GetDocumentAsync(version, cancellationToken) is { } json ? (stored, json) : null;
    }

    /// <summary>The live version (null while the registry is empty) and a page of versions, newest first.</summary>
    public async Task<(string? Live, ModelVersionPage Page)> ListAsync(
        string? continuationToken, CancellationToken cancellationToken = default)
    {
        var live = await registry.GetLiveAsync(cancellationToken);
        var page = await registry.ListAsync(continuationToken, PageSize, cancellationToken);
        return (live?.Version, page);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model version {ModelVersion} stored as a draft")]
    private static partial void LogStored(ILogger logger, string modelVersion);
}
