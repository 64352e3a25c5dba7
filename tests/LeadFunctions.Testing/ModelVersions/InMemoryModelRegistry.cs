using LeadFunctions.ModelVersions;

namespace LeadFunctions.Testing.ModelVersions;

/// <summary>
/// <see cref="IModelRegistry"/> in this process, with the table registry's contract
/// (src/LeadFunctions.Infrastructure/Storage/TableModelRegistry.cs): a version is added once with its document, the
/// listing is newest first, the live pointer moves only from the state the publish read (a new ETag each time), the
/// seed is written only while there is no pointer; one lock makes each call atomic.
/// </summary>
public sealed class InMemoryModelRegistry : IModelRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ModelVersion Version, string Json)> _versions = new(StringComparer.Ordinal);
    private LivePointer? _live;
    private long _etag;

    /// <summary>How many times the live pointer was read (the hot path must not read it).</summary>
    public int LiveReads { get; private set; }

    public Task<bool> TryCreateAsync(ModelVersion version, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        lock (_gate)
        {
            return Task.FromResult(_versions.TryAdd(version.Version, (version, json)));
        }
    }

    public Task<bool> TrySeedAsync(ModelVersion version, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        lock (_gate)
        {
            if (_live is not null || _versions.ContainsKey(version.Version))
            {
                return Task.FromResult(false);
            }

            _versions.Add(version.Version, (version, json));
            _live = new LivePointer(version.Version, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task<ModelVersion?> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_versions.TryGetValue(version, out var stored) ? stored.Version : null);
        }
    }

    public Task<string?> GetDocumentAsync(string version, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_versions.TryGetValue(version, out var stored) ? stored.Json : null);
        }
    }

    public Task<ModelVersionPage> ListAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ordered = _versions.Values.Select(stored => stored.Version)
                .OrderByDescending(version => version.CreatedAt).ThenBy(version => version.Version, StringComparer.Ordinal)
                .ToList();
            var start = continuationToken is null ? 0 : int.Parse(continuationToken, System.Globalization.CultureInfo.InvariantCulture);
            var page = ordered.Skip(start).Take(pageSize).ToList();
            var next = start + pageSize < ordered.Count
                ? (start + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : null;
            return Task.FromResult(new ModelVersionPage(page, next));
        }
    }

    public Task<LivePointer?> GetLiveAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            LiveReads++;
            return Task.FromResult(_live);
        }
    }

    public Task<bool> TryPublishAsync(ModelPublication publication, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publication);
        lock (_gate)
        {
            if (_live?.ETag != publication.Expected?.ETag)
            {
                return Task.FromResult(false);
            }

            foreach (var version in new[] { publication.Published, publication.Retired }.OfType<ModelVersion>())
            {
                _versions[version.Version] = (version, _versions[version.Version].Json);
            }

            _live = new LivePointer(publication.Published.Version, NextETag());
            return Task.FromResult(true);
        }
    }

    private string NextETag() => (++_etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
