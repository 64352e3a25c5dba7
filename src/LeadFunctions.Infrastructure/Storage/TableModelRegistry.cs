using Azure;
using Azure.Data.Tables;
using LeadFunctions.ModelVersions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="IModelRegistry"/> on Azure Table Storage: one partition of the ModelVersions table
/// (<see cref="ModelVersionEntityMapper"/> has the rows; docs/model-versions.md the design). A version is added with
/// its document in one transaction whose version row makes it unique (409: it exists); a publish replaces the live
/// pointer under its ETag and both versions' rows in one transaction (412: another publish won).
/// </summary>
public sealed class TableModelRegistry : IModelRegistry
{
    private readonly TableClient _table;
    private readonly CreateOnce _created;

    public TableModelRegistry(TableServiceClient service, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        _table = service.GetTableClient(options.Value.ModelVersionsTable);
        _created = new CreateOnce(() => _table.CreateIfNotExistsAsync(CancellationToken.None));
    }

    public async Task<bool> TryCreateAsync(ModelVersion version, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(json);
        return await TrySubmitAsync(ModelVersionEntityMapper.CreationEntities(version, json).Select(Add), cancellationToken);
    }

    public async Task<bool> TrySeedAsync(ModelVersion version, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(json);
        return await TrySubmitAsync(
            [
                Add(ModelVersionEntityMapper.LiveEntity(version.Version)),
                .. ModelVersionEntityMapper.CreationEntities(version, json).Select(Add),
            ],
            cancellationToken);
    }

    public async Task<ModelVersion?> GetAsync(string version, CancellationToken cancellationToken = default)
    {
        return await OrderRowAsync(version, cancellationToken) is { } order
            && await GetRowAsync(order, cancellationToken) is { } row
            ? ModelVersionEntityMapper.ToVersion(row)
            : null;
    }

    public async Task<string?> GetDocumentAsync(string version, CancellationToken cancellationToken = default)
    {
        if (!ModelVersionName.IsValid(version))
        {
            return null;
        }

        var prefix = ModelVersionEntityMapper.DocumentRowPrefixOf(version);
        var rows = await QueryAsync(prefix, EndOf(prefix), null, cancellationToken);
        return rows.Count == 0 ? null : string.Concat(rows.Select(row => row.GetString("Text")));
    }

    public async Task<ModelVersionPage> ListAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var prefix = ModelVersionEntityMapper.OrderRowPrefix;
        var start = continuationToken ?? prefix;
        if (!start.StartsWith(prefix, StringComparison.Ordinal))
        {
            return new ModelVersionPage([], null); // not a token this listing gave: nothing follows it
        }

        var rows = await QueryAsync(start, EndOf(prefix), pageSize + 1, cancellationToken);
        var next = rows.Count > pageSize ? rows[pageSize].RowKey : null;
        return new ModelVersionPage([.. rows.Take(pageSize).Select(ModelVersionEntityMapper.ToVersion)], next);
    }

    public async Task<LivePointer?> GetLiveAsync(CancellationToken cancellationToken = default)
    {
        return await GetRowAsync(ModelVersionEntityMapper.LiveRow, cancellationToken) is { } row
            ? new LivePointer(row.GetString("Version"), row.ETag.ToString())
            : null;
    }

    public async Task<bool> TryPublishAsync(ModelPublication publication, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var live = ModelVersionEntityMapper.LiveEntity(publication.Published.Version);
        List<TableTransactionAction> actions =
        [
            publication.Expected is { } expected
                ? new(TableTransactionActionType.UpdateReplace, live, new ETag(expected.ETag))
                : Add(live),
        ];
        foreach (var version in new[] { publication.Published, publication.Retired }.OfType<ModelVersion>())
        {
            var order = await OrderRowAsync(version.Version, cancellationToken)
                ?? throw new InvalidOperationException($"Model version {version.Version} is not stored.");
            actions.Add(new(TableTransactionActionType.UpdateReplace, ModelVersionEntityMapper.MetadataEntity(version, order), ETag.All));
        }

        return await TrySubmitAsync(actions, cancellationToken);
    }

    private static TableTransactionAction Add(TableEntity entity) => new(TableTransactionActionType.Add, entity);

    private static string EndOf(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private async Task<string?> OrderRowAsync(string version, CancellationToken cancellationToken) =>
        ModelVersionName.IsValid(version)
        && await GetRowAsync(ModelVersionEntityMapper.VersionRow(version), cancellationToken) is { } row
            ? row.GetString("OrderRow")
            : null;

    /// <summary>Submits the actions as one transaction; false when a row to add exists (409) or an ETag changed (412).</summary>
    private async Task<bool> TrySubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }

    private async Task<TableEntity?> GetRowAsync(string rowKey, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(
            ModelVersionEntityMapper.Partition, rowKey, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value : null;
    }

    private async Task<List<TableEntity>> QueryAsync(string from, string to, int? take, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {ModelVersionEntityMapper.Partition} and RowKey ge {from} and RowKey lt {to}");
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == take)
            {
                break;
            }
        }

        return rows;
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken) => _created.EnsureAsync(cancellationToken);
}
