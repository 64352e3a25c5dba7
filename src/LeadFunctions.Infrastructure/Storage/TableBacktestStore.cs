using Azure;
using Azure.Data.Tables;
using LeadFunctions.Backtesting;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="IBacktestStore"/> on Azure Table Storage: one partition per job in the Backtests table
/// (<see cref="BacktestEntityMapper"/> has the rows). The job row and the candidate model's rows are written in one
/// entity group transaction (a model of up to 1,000,000 characters is 34 rows of 30,000), so a job never exists
/// without its model; a page row is added once (409: the first one stays), so a redelivered page is stored once.
/// </summary>
public sealed class TableBacktestStore : IBacktestStore
{
    private readonly TableClient _table;
    private readonly CreateOnce _created;

    public TableBacktestStore(TableServiceClient service, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        _table = service.GetTableClient(options.Value.BacktestsTable);
        _created = new CreateOnce(() => _table.CreateIfNotExistsAsync(CancellationToken.None));
    }

    public async Task CreateJobAsync(BacktestJob job, string candidateModelJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(candidateModelJson);
        await EnsureTableAsync(cancellationToken);
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.Add, BacktestEntityMapper.JobEntity(job)),
            .. BacktestEntityMapper.ModelEntities(job.Id, candidateModelJson)
                .Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)),
        ];
        await _table.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task<BacktestJob?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!BacktestJob.IsValidId(jobId))
        {
            return null;
        }

        await EnsureTableAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(
            jobId, BacktestEntityMapper.JobRow, cancellationToken: cancellationToken);
        return entity.HasValue ? BacktestEntityMapper.ToJob(entity.Value!) : null;
    }

    public async Task<string?> GetCandidateModelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!BacktestJob.IsValidId(jobId))
        {
            return null;
        }

        var rows = await QueryRowsAsync(jobId, BacktestEntityMapper.ModelRowPrefix, cancellationToken);
        return rows.Count == 0 ? null : string.Concat(rows.Select(row => row.GetString("Text")));
    }

    public async Task<bool> TryUpdateJobAsync(BacktestJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await EnsureTableAsync(cancellationToken);
        try
        {
            var etag = new ETag(job.ETag ?? throw new ArgumentException("The job has no ETag.", nameof(job)));
            await _table.UpdateEntityAsync(BacktestEntityMapper.JobEntity(job), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<BacktestPage?> GetPageAsync(string jobId, int number, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(
            jobId, BacktestEntityMapper.PageRow(number), cancellationToken: cancellationToken);
        return entity.HasValue ? BacktestEntityMapper.ToPage(entity.Value!) : null;
    }

    public async Task<BacktestPage> AddPageAsync(BacktestPage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await EnsureTableAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(BacktestEntityMapper.PageEntity(page), cancellationToken);
            return page;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return await GetPageAsync(page.JobId, page.Number, cancellationToken) ?? page;
        }
    }

    public async Task MarkNextEnqueuedAsync(string jobId, int number, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = new TableEntity(jobId, BacktestEntityMapper.PageRow(number)) { ["NextEnqueued"] = true };
        try
        {
            await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    public async Task<IReadOnlyList<BacktestPage>> ListPagesAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var rows = await QueryRowsAsync(jobId, BacktestEntityMapper.PageRowPrefix, cancellationToken);
        return [.. rows.Select(BacktestEntityMapper.ToPage)];
    }

    /// <summary>The job's rows whose key starts with <paramref name="prefix"/>, in key order (one range query).</summary>
    private async Task<List<TableEntity>> QueryRowsAsync(string jobId, string prefix, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {jobId} and RowKey ge {prefix} and RowKey lt {end}");
        var rows = new List<TableEntity>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken) => _created.EnsureAsync(cancellationToken);
}
