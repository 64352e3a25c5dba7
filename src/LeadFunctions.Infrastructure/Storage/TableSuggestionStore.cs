using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using LeadFunctions.Suggestions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="ISuggestionStore"/> on Azure Table Storage: one partition per job in the Suggestions table
/// (<see cref="SuggestionEntityMapper"/> has the rows). A page's rows are written in one entity group transaction with
/// upsert-replace, so a redelivered page replaces its own rows whole; its evidence is Brotli-compressed binary columns
/// (<see cref="BinaryRows"/>), a page of 100 leads is typically one row. The pages of an attempt are read back with one
/// range query, a page at a time.
/// </summary>
public sealed class TableSuggestionStore : ISuggestionStore
{
    private readonly TableClient _table;
    private readonly CreateOnce _created;

    public TableSuggestionStore(TableServiceClient service, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        _table = service.GetTableClient(options.Value.SuggestionsTable);
        _created = new CreateOnce(() => _table.CreateIfNotExistsAsync(CancellationToken.None));
    }

    public async Task CreateJobAsync(SuggestionJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await EnsureTableAsync(cancellationToken);
        await _table.AddEntityAsync(SuggestionEntityMapper.JobEntity(job), cancellationToken);
    }

    public async Task<SuggestionJob?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!SuggestionJob.IsValidId(jobId))
        {
            return null;
        }

        await EnsureTableAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(
            jobId, SuggestionEntityMapper.JobRow, cancellationToken: cancellationToken);
        return entity.HasValue ? SuggestionEntityMapper.ToJob(entity.Value!) : null;
    }

    public async Task<bool> TryUpdateJobAsync(SuggestionJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        await EnsureTableAsync(cancellationToken);
        try
        {
            var etag = new ETag(job.ETag ?? throw new ArgumentException("The job has no ETag.", nameof(job)));
            await _table.UpdateEntityAsync(SuggestionEntityMapper.JobEntity(job), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<SuggestionPage?> GetPageAsync(string jobId, string attempt, int number, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in QueryRowsAsync(jobId, SuggestionEntityMapper.PagePrefix(attempt, number), cancellationToken))
        {
            rows.Add(row);
        }

        return rows.Count == 0 ? null : SuggestionEntityMapper.ToPage(attempt, rows);
    }

    public async Task PutPageAsync(SuggestionPage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await EnsureTableAsync(cancellationToken);
        var actions = SuggestionEntityMapper.PageEntities(page)
            .Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
        await _table.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task MarkNextEnqueuedAsync(string jobId, string attempt, int number, CancellationToken cancellationToken = default)
    {
        await EnsureTableAsync(cancellationToken);
        var entity = new TableEntity(jobId, BinaryRows.RowKey(SuggestionEntityMapper.PagePrefix(attempt, number), 0))
        {
            ["NextEnqueued"] = true,
        };
        try
        {
            await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    public async IAsyncEnumerable<SuggestionPage> ReadPagesAsync(
        string jobId, string attempt, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        string? pagePrefix = null;
        var prefixLength = SuggestionEntityMapper.PagePrefix(attempt, 1).Length;
        await foreach (var row in QueryRowsAsync(jobId, SuggestionEntityMapper.PagesPrefix(attempt), cancellationToken))
        {
            var rowPrefix = row.RowKey[..prefixLength];
            if (pagePrefix is not null && rowPrefix != pagePrefix && SuggestionEntityMapper.ToPage(attempt, rows) is { } page)
            {
                yield return page;
            }

            if (rowPrefix != pagePrefix)
            {
                rows.Clear();
                pagePrefix = rowPrefix;
            }

            rows.Add(row);
        }

        if (rows.Count > 0 && SuggestionEntityMapper.ToPage(attempt, rows) is { } last)
        {
            yield return last;
        }
    }

    public async Task SetResultAsync(string jobId, string resultJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resultJson);
        await EnsureTableAsync(cancellationToken);
        var rows = BinaryRows.Write(jobId, SuggestionEntityMapper.ResultRowPrefix, Encoding.UTF8.GetBytes(resultJson));
        await _table.SubmitTransactionAsync(
            rows.Select(entity => new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity)), cancellationToken);
    }

    public async Task<string?> GetResultAsync(string jobId, CancellationToken cancellationToken = default)
    {
        if (!SuggestionJob.IsValidId(jobId))
        {
            return null;
        }

        var rows = new List<TableEntity>();
        await foreach (var row in QueryRowsAsync(jobId, SuggestionEntityMapper.ResultRowPrefix, cancellationToken))
        {
            rows.Add(row);
        }

        return BinaryRows.Read(rows) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>The job's rows whose key starts with <paramref name="prefix"/>, in key order (one range query, paged by the SDK).</summary>
    private async IAsyncEnumerable<TableEntity> QueryRowsAsync(
        string jobId, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {jobId} and RowKey ge {prefix} and RowKey lt {end}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken) => _created.EnsureAsync(cancellationToken);
}
