namespace LeadFunctions.ModelVersions;

/// <summary>
/// A stored model version's metadata. The document itself (its JSON as posted) never changes once stored; the
/// publication fields describe its latest publication (null for a draft).
/// </summary>
public sealed record ModelVersion
{
    /// <summary>The document's <c>version</c>: 1–64 characters of <c>[A-Za-z0-9._-]</c> (<see cref="ModelVersionName"/>).</summary>
    public required string Version { get; init; }

    public required ModelVersionStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who stored it: <c>api</c> for the API (see docs/model-versions.md), <c>seed</c> for the first version.</summary>
    public required string CreatedBy { get; init; }

    public string? Note { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public string? PublishedBy { get; init; }

    /// <summary>Why it was (last) published.</summary>
    public string? Reason { get; init; }

    /// <summary>The backtest it was published on; null for the seed, a rollback or a forced publish without one.</summary>
    public string? BacktestId { get; init; }

    /// <summary>True when the last publish skipped the backtest gate.</summary>
    public bool Forced { get; init; }

    /// <summary>True once it has been live: it may be published again without a backtest (a rollback).</summary>
    public bool WasLive => Status != ModelVersionStatus.Draft;
}
