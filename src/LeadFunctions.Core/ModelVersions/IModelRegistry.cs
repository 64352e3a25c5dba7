namespace LeadFunctions.ModelVersions;

/// <summary>
/// The port to the stored model versions and the live pointer (Azure Table Storage in production; see
/// docs/model-versions.md). A version's document is immutable: it is added once and never replaced.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Stores a new version with its document; false (nothing written) when that version exists.</summary>
    Task<bool> TryCreateAsync(ModelVersion version, string json, CancellationToken cancellationToken = default);

    /// <summary>The version's metadata, or null when there is none.</summary>
    Task<ModelVersion?> GetAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>The version's JSON exactly as posted, or null when there is none.</summary>
    Task<string?> GetDocumentAsync(string version, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="pageSize"/> versions, newest first, from <paramref name="continuationToken"/>.</summary>
    Task<ModelVersionPage> ListAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>The live pointer, or null while the registry is empty (one point read).</summary>
    Task<LivePointer?> GetLiveAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the live pointer and both versions' statuses in one atomic write, only if the pointer is still
    /// <see cref="ModelPublication.Expected"/>; false when another publish (or the seed) changed it first.
    /// </summary>
    Task<bool> TryPublishAsync(ModelPublication publication, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="version"/> (live) with its document and the live pointer at it, in one atomic write, if the
    /// registry has no live pointer; false when another instance seeded first (or a live pointer exists).
    /// </summary>
    Task<bool> TrySeedAsync(ModelVersion version, string json, CancellationToken cancellationToken = default);
}
