using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The plumbing every lead adapter shares (one per process): the clients of the lead tables (the Leads table, one
/// partition per lead holding its row, events, hand-offs and status receipts, and the email, stage, decay review and
/// hand-off index tables; the anonymous visitors and their retention index), their creation once (again after a
/// TableNotFound), the one scan of a due index, and the one age after which an index row whose write never completed is
/// cleaned up. See docs/storage-design.md.
/// </summary>
public sealed class LeadTables
{
    /// <summary>
    /// How old a row must be before a reader removes it when what it points at is not there (a save that lost its race,
    /// an erased lead): younger, its write may still be under way. Index rows and the funnel's pending rows alike.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    private readonly TableServiceClient _service;
    private readonly StorageOptions _options;
    private readonly TableAvailability? _availability;
    private readonly CreateOnce _created;

    public LeadTables(
        TableServiceClient service,
        IOptions<StorageOptions> options,
        TimeProvider timeProvider,
        TableAvailability? availability = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        _options = options.Value;
        _availability = availability;
        TimeProvider = timeProvider;
        Leads = service.GetTableClient(_options.LeadsTable);
        Emails = service.GetTableClient(_options.EmailIndexTable);
        Stages = service.GetTableClient(_options.StageIndexTable);
        DecayReviews = service.GetTableClient(_options.DecayIndexTable);
        Handoffs = service.GetTableClient(_options.HandoffIndexTable);
        Visitors = service.GetTableClient(_options.VisitorsTable);
        VisitorRetention = service.GetTableClient(_options.VisitorRetentionTable);
        _created = new CreateOnce(CreateTablesAsync);
    }

    /// <summary>The clock of the times the adapters write (events added, tombstones, new lead ids).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>One partition per lead: its row, events, hand-offs, status receipts and funnel journal rows.</summary>
    internal TableClient Leads { get; }

    /// <summary>Email → lead id.</summary>
    internal TableClient Emails { get; }

    /// <summary>Stage → its leads (with when each moved in).</summary>
    internal TableClient Stages { get; }

    /// <summary>Hour a decay review is due → the leads due then.</summary>
    internal TableClient DecayReviews { get; }

    /// <summary>Hand-offs due to be sent, and SLA reminders by the hour they are due.</summary>
    internal TableClient Handoffs { get; }

    /// <summary>One partition per anonymous visitor: its claim row, and its events until it joins a lead.</summary>
    internal TableClient Visitors { get; }

    /// <summary>Hour a visitor's oldest event was received → the visitors holding events then (for retention).</summary>
    internal TableClient VisitorRetention { get; }

    /// <summary>The lead tables, in the order above.</summary>
    internal IEnumerable<TableClient> All => [Leads, Emails, Stages, DecayReviews, Handoffs, Visitors, VisitorRetention];

    /// <summary>Creates the tables if they do not exist (idempotent; retried on the next call if it failed).</summary>
    public Task EnsureTablesAsync(CancellationToken cancellationToken = default)
    {
        if (_availability?.TakeMissing() == true)
        {
            _created.Reset();
        }

        return _created.EnsureAsync(cancellationToken);
    }

    /// <summary>True when <paramref name="row"/> was written longer than <see cref="StaleAfter"/> before <paramref name="now"/>.</summary>
    internal static bool IsStale(ITableEntity row, DateTimeOffset now) => row.Timestamp is { } written && now - written > StaleAfter;

    /// <summary>
    /// The one scan of a due index (decay reviews, due hand-offs, SLA reminders): reads the rows of
    /// <paramref name="filter"/> in key order (pages of <paramref name="pageSize"/> rows, the columns in
    /// <paramref name="select"/>; null for the service's defaults), asks <paramref name="resolve"/> what each row is,
    /// keeps the due items until there are <paramref name="maxCount"/>, and deletes the rows that are done
    /// (<see cref="DueRowState.Done"/>) or whose target is missing and older than <see cref="StaleAfter"/>
    /// (<see cref="DueRowState.Missing"/>).
    /// </summary>
    internal async Task<List<T>> ScanDueIndexAsync<T>(
        TableClient index,
        string filter,
        DueIndexScan scan,
        Func<TableEntity, CancellationToken, ValueTask<DueRow<T>>> resolve,
        CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken);
        var due = new List<T>(Math.Min(scan.MaxCount, 1000));
        await foreach (var row in index.QueryAsync<TableEntity>(filter, scan.PageSize, scan.Select, cancellationToken))
        {
            var resolved = await resolve(row, cancellationToken);
            switch (resolved.State)
            {
                case DueRowState.Due:
                    due.Add(resolved.Item!);
                    if (due.Count >= scan.MaxCount)
                    {
                        return due;
                    }

                    break;
                case DueRowState.Done:
                case DueRowState.Missing when IsStale(row, scan.Now):
                    await DeleteIfExistsAsync(index, row.PartitionKey, row.RowKey, cancellationToken);
                    break;
            }
        }

        return due;
    }

    /// <summary>Deletes a row whatever its ETag; a row already gone is fine.</summary>
    internal static async Task DeleteIfExistsAsync(
        TableClient table,
        string partitionKey,
        string rowKey,
        CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    private async Task CreateTablesAsync()
    {
        foreach (var table in _options.AllTables)
        {
            await _service.CreateTableIfNotExistsAsync(table);
        }
    }
}
