using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// Keeps <see cref="LiveModel"/> on the registry's live version: reads the live pointer (one point read) and, when it
/// names another version, reads that version's document once and swaps the model. Seeds an empty registry with the
/// deployed model first (race-safe: one atomic write that only the first instance wins). Called at start, every
/// <see cref="ModelVersionOptions.LiveRefreshSeconds"/> by <see cref="LiveModelFollower"/>, after a publish, and by
/// a rescore message that names a version this instance does not use yet.
/// </summary>
public sealed partial class LiveModelRefresher(
    IModelRegistry registry,
    LiveModel live,
    SeedModel seed,
    TimeProvider timeProvider,
    ILogger<LiveModelRefresher> logger) : IDisposable
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>A version a message asked for that the registry did not have live at the last read (read once only).</summary>
    private volatile string? _notLive;

    /// <summary>The version this instance scores with.</summary>
    public string CurrentVersion => live.Current.Version;

    public void Dispose() => _refreshing.Dispose();

    /// <summary>Reads the live pointer and follows it; returns the version in use afterwards.</summary>
    public async Task<string> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            _notLive = null;
            var pointer = await registry.GetLiveAsync(cancellationToken) ?? await SeedAsync(cancellationToken);
            await FollowPointerAsync(pointer.Version, cancellationToken);
            return live.Current.Version;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>
    /// Makes sure this instance scores with <paramref name="version"/> if it is live: a rescore started by a publish
    /// names the published version, and an instance that has not read the pointer since reads it now (once).
    /// </summary>
    public async Task FollowAsync(string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (string.Equals(live.Current.Version, version, StringComparison.Ordinal)
            || string.Equals(_notLive, version, StringComparison.Ordinal))
        {
            return;
        }

        if (!string.Equals(await RefreshAsync(cancellationToken), version, StringComparison.Ordinal))
        {
            _notLive = version; // superseded by a later publish: the message is scored with what is live
        }
    }

    /// <summary>Uses the stored <paramref name="version"/> at once (after this instance published it).</summary>
    public Task UseAsync(string version, CancellationToken cancellationToken = default) =>
        FollowPointerAsync(version, cancellationToken);

    private async Task FollowPointerAsync(string version, CancellationToken cancellationToken)
    {
        var previous = live.Current.Version;
        if (string.Equals(previous, version, StringComparison.Ordinal))
        {
            return;
        }

        var json = await registry.GetDocumentAsync(version, cancellationToken)
            ?? throw new InvalidOperationException($"The live pointer names version '{version}', which is not stored.");
        live.Use(ScoringModel.Parse(json));
        LogFollowed(logger, version, previous);
    }

    private async Task<LivePointer> SeedAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var version = new ModelVersion
        {
            Version = seed.Model.Version,
            Status = ModelVersionStatus.Live,
            CreatedAt = now,
            CreatedBy = ModelVersionAuthors.Seed,
            Note = "The model deployed with the app when the registry was empty.",
            PublishedAt = now,
            PublishedBy = ModelVersionAuthors.Seed,
            Reason = "First version: the deployed model, so existing scores keep their version.",
        };
        if (await registry.TrySeedAsync(version, seed.Json, cancellationToken))
        {
            LogSeeded(logger, version.Version);
        }

        return await registry.GetLiveAsync(cancellationToken)
            ?? throw new InvalidOperationException("The model registry has no live version after seeding it.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live model {ModelVersion} in use (was {PreviousVersion})")]
    private static partial void LogFollowed(ILogger logger, string modelVersion, string previousVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model registry was empty: seeded with {ModelVersion} as live")]
    private static partial void LogSeeded(ILogger logger, string modelVersion);
}
