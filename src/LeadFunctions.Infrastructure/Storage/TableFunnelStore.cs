using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LeadFunctions.Diagnostics;
using LeadFunctions.Leads;
using LeadFunctions.Reporting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The funnel's counters on Azure Table Storage, written when the lead store saves a stage change, in three steps that
/// make every entry count exactly once: (1) a pending row in the Funnel table, before the save; (2) a journal row per
/// entry in the lead's own partition, in the save's entity group transaction (so the entry exists if and only if the
/// save happened); (3) after the save, per counter partition, one transaction that inserts an "applied" marker keyed by
/// the entry and adds the entry's amount to the counters under their ETags (a second apply conflicts on the marker and changes nothing),
/// then the journal and pending rows are deleted. A crash between the steps leaves a pending row: the timer
/// (<see cref="CompletePendingAsync"/>) applies its journal row, or deletes it when its save never happened.
/// See docs/storage-design.md.
/// </summary>
public sealed partial class TableFunnelStore : IFunnelCounterStore
{
    private const int MaxApplyAttempts = 25;
    private const int MaxPendingPerRun = 1000;

    private readonly TableClient _leads;
    private readonly TableClient _funnel;
    private readonly TableServiceClient _service;
    private readonly StorageOptions _options;
    private readonly ILogger<TableFunnelStore> _logger;
    private readonly CreateOnce _tables;

    public TableFunnelStore(TableServiceClient service, IOptions<StorageOptions> options, ILogger<TableFunnelStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        _options = options.Value;
        _logger = logger ?? NullLogger<TableFunnelStore>.Instance;
        _leads = service.GetTableClient(_options.LeadsTable);
        _funnel = service.GetTableClient(_options.FunnelTable);
        _tables = new CreateOnce(CreateTablesAsync);
    }

    /// <summary>
    /// Step 1, before the save: the entries the save adds (<see cref="FunnelEntries.Between"/>) and their pending rows.
    /// </summary>
    internal async Task<IReadOnlyList<FunnelEntry>> PrepareAsync(Lead before, Lead after, CancellationToken cancellationToken)
    {
        var entries = FunnelEntries.Between(before, after);
        if (entries.Count > 0)
        {
            await _tables.EnsureAsync(cancellationToken);
            await _funnel.SubmitTransactionAsync(
                entries.Select(entry => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(FunnelKeys.PendingPartition, FunnelKeys.PendingRow(entry.LeadId, entry.Key)))),
                cancellationToken);
        }

        return entries;
    }

    /// <summary>Step 2: the journal rows, for the save's own transaction (upserts: a journal row is the same entry).</summary>
    internal static IEnumerable<TableTransactionAction> JournalActions(IReadOnlyList<FunnelEntry> entries) =>
        entries.Select(entry => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(entry.LeadId, FunnelKeys.JournalRow(entry.Key))
            {
                ["Counters"] = JsonSerializer.Serialize(entry.Counters),
                ["Amount"] = entry.Amount,
            }));

    /// <summary>
    /// Step 3, after the save: counts each entry, then drops its journal and pending rows. A failure leaves them for
    /// the timer: the save happened, and its entries are counted later, never lost.
    /// </summary>
    internal async Task ApplyAsync(IReadOnlyList<FunnelEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            try
            {
                await CountAsync(entry, cancellationToken);
                // Unconditional deletes: the SDK answers a row that is already gone as done, so a repeat is no error.
                await _leads.DeleteEntityAsync(entry.LeadId, FunnelKeys.JournalRow(entry.Key), ETag.All, cancellationToken);
                var pending = FunnelKeys.PendingRow(entry.LeadId, entry.Key);
                await _funnel.DeleteEntityAsync(FunnelKeys.PendingPartition, pending, ETag.All, cancellationToken);
            }
            catch (RequestFailedException exception)
            {
                LogLeftPending(_logger, RedactedException.From(exception), entry.LeadId);
            }
        }
    }

    /// <summary>
    /// Counts an entry that needs no journal (it is recorded before the write it stands for, and counting it twice is
    /// counting it once): an SLA that ran out.
    /// </summary>
    internal async Task RecordAsync(FunnelEntry entry, CancellationToken cancellationToken)
    {
        await _tables.EnsureAsync(cancellationToken);
        await CountAsync(entry, cancellationToken);
    }

    /// <summary>
    /// Erasure: counts the journal rows of the lead's partition (the counts stay; they hold no personal data) and drops
    /// their pending rows. The journal rows themselves go with the partition.
    /// </summary>
    internal async Task CountJournalAsync(string leadId, IEnumerable<TableEntity> partitionRows, CancellationToken cancellationToken)
    {
        foreach (var row in partitionRows.Where(row => row.RowKey.StartsWith(FunnelKeys.JournalRowPrefix, StringComparison.Ordinal)))
        {
            var entry = FromJournal(leadId, row);
            await CountAsync(entry, cancellationToken);
            var pending = FunnelKeys.PendingRow(leadId, entry.Key);
            await _funnel.DeleteEntityAsync(FunnelKeys.PendingPartition, pending, ETag.All, cancellationToken);
        }
    }

    /// <summary>
    /// Erasure: drops the lead's pending rows that have no journal row (saves that lost their race, or were refused
    /// because the lead is being erased); the timer would drop them after <see cref="LeadTables.StaleAfter"/>, erasure does now.
    /// </summary>
    internal async Task DropPendingAsync(string leadId, CancellationToken cancellationToken)
    {
        await _tables.EnsureAsync(cancellationToken);
        var (from, to) = (FunnelKeys.PendingRow(leadId, string.Empty), leadId + "}"); // '}' sorts right after '|'
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {FunnelKeys.PendingPartition} and RowKey ge {from} and RowKey lt {to}");
        await foreach (var row in _funnel.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            await _funnel.DeleteEntityAsync(FunnelKeys.PendingPartition, row.RowKey, ETag.All, cancellationToken);
        }
    }

    /// <summary>The pending rows of a save that was refused because its lead is gone (or being erased): they name nothing.</summary>
    internal async Task ForgetAsync(IReadOnlyList<FunnelEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var pending = FunnelKeys.PendingRow(entry.LeadId, entry.Key);
            await _funnel.DeleteEntityAsync(FunnelKeys.PendingPartition, pending, ETag.All, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<FunnelCount>> ReadAsync(
        FunnelCounterKind kind,
        DateOnly firstDay,
        DateOnly lastDay,
        CancellationToken cancellationToken = default)
    {
        await _tables.EnsureAsync(cancellationToken);
        var months = new List<Task<List<TableEntity>>>();
        for (var month = FunnelCounter.MonthOf(firstDay); month <= lastDay; month = month.AddMonths(1))
        {
            var first = month > firstDay ? month : firstDay;
            var last = month.AddMonths(1).AddDays(-1) < lastDay ? month.AddMonths(1).AddDays(-1) : lastDay;
            var (fromRow, toRow) = (FunnelKeys.DayPrefix(kind, first), FunnelKeys.DayEnd(kind, last));
            months.Add(ReadRangeAsync(FunnelKeys.CounterPartition(month), fromRow, toRow, cancellationToken));
        }

        var rows = (await Task.WhenAll(months)).SelectMany(page => page);
        return [.. rows
            .Select(row => (Counter: ToCounter(row), Count: row.GetInt64("Count") ?? 0))
            .GroupBy(row => row.Counter)
            .Select(shards => new FunnelCount(shards.Key, shards.Sum(row => row.Count)))];
    }

    public async Task<int> CompletePendingAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await _tables.EnsureAsync(cancellationToken);
        var applied = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {FunnelKeys.PendingPartition}");
        var pending = new List<TableEntity>();
        await foreach (var row in _funnel.QueryAsync<TableEntity>(filter, MaxPendingPerRun, ["RowKey", "Timestamp"], cancellationToken))
        {
            pending.Add(row);
            if (pending.Count >= MaxPendingPerRun)
            {
                break;
            }
        }

        foreach (var row in pending)
        {
            var (leadId, key) = FunnelKeys.ParsePendingRow(row.RowKey);
            var journal = await _leads.GetEntityIfExistsAsync<TableEntity>(
                leadId,
                FunnelKeys.JournalRow(key),
                cancellationToken: cancellationToken);
            if (journal.HasValue)
            {
                await ApplyAsync([FromJournal(leadId, journal.Value!)], cancellationToken);
                applied++;
            }
            else if (LeadTables.IsStale(row, now))
            {
                // The save never happened (it lost its ETag race), or it was counted and only this delete was lost.
                await _funnel.DeleteEntityAsync(FunnelKeys.PendingPartition, row.RowKey, ETag.All, cancellationToken);
            }
        }

        return applied;
    }

    /// <summary>Adds the entry to the counters of each month it touches: one transaction per counter partition.</summary>
    private async Task CountAsync(FunnelEntry entry, CancellationToken cancellationToken)
    {
        var shard = FunnelKeys.Shard(entry.LeadId);
        foreach (var partition in entry.Counters.GroupBy(counter => FunnelKeys.CounterPartition(counter.Day), StringComparer.Ordinal))
        {
            var rows = partition
                .Select(counter => (Counter: counter, RowKey: FunnelKeys.CounterRow(counter, shard)))
                .DistinctBy(row => row.RowKey, StringComparer.Ordinal)
                .ToArray();
            await CountInPartitionAsync(entry, partition.Key, rows, cancellationToken);
        }
    }

    /// <summary>
    /// The marker and the counters of one partition in one transaction: the marker makes a second apply a 409 that
    /// changes nothing; a counter changed by another writer (412, or 409 on a counter created meanwhile) reads again.
    /// </summary>
    private async Task CountInPartitionAsync(
        FunnelEntry entry,
        string partition,
        IReadOnlyList<(FunnelCounter Counter, string RowKey)> rows,
        CancellationToken cancellationToken)
    {
        var marker = new TableEntity(partition, FunnelKeys.AppliedRow(entry.LeadId, entry.Key));
        for (var attempt = 1; ; attempt++)
        {
            var current = await Task.WhenAll(rows.Select(row =>
                _funnel.GetEntityIfExistsAsync<TableEntity>(partition, row.RowKey, ["Count"], cancellationToken)));
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, marker) };
            actions.AddRange(rows.Select((row, i) => current[i].HasValue
                ? new TableTransactionAction(
                    TableTransactionActionType.UpdateReplace,
                    CounterEntity(partition, row, (current[i].Value!.GetInt64("Count") ?? 0) + entry.Amount),
                    current[i].Value!.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, CounterEntity(partition, row, entry.Amount))));
            try
            {
                await _funnel.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412 && attempt < MaxApplyAttempts)
            {
                if (exception.Status == 409 && await MarkerExistsAsync(marker, cancellationToken))
                {
                    return; // counted before
                }
            }
        }
    }

    private async Task<bool> MarkerExistsAsync(TableEntity marker, CancellationToken cancellationToken) =>
        (await _funnel.GetEntityIfExistsAsync<TableEntity>(marker.PartitionKey, marker.RowKey, ["RowKey"], cancellationToken)).HasValue;

    private async Task<List<TableEntity>> ReadRangeAsync(
        string partition,
        string fromRow,
        string toRow,
        CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {fromRow} and RowKey lt {toRow}");
        var rows = new List<TableEntity>();
        string[] columns = ["Kind", "Day", "Stage", "Group", "Count"];
        await foreach (var row in _funnel.QueryAsync<TableEntity>(filter, 1000, columns, cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static TableEntity CounterEntity(string partition, (FunnelCounter Counter, string RowKey) row, long count) =>
        new(partition, row.RowKey)
        {
            ["Kind"] = (int)row.Counter.Kind,
            ["Day"] = row.Counter.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Stage"] = row.Counter.Stage is { } stage ? (int)stage : null,
            ["Group"] = row.Counter.Group,
            ["Count"] = count,
        };

    private static FunnelCounter ToCounter(TableEntity row) => new(
        (FunnelCounterKind)(row.GetInt32("Kind") ?? 0),
        DateOnly.ParseExact(row.GetString("Day"), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        row.GetInt32("Stage") is { } stage ? (LeadStage)stage : null,
        row.GetString("Group"));

    /// <summary>A journal row's entry; rows written before entries had amounts count one.</summary>
    private static FunnelEntry FromJournal(string leadId, TableEntity row) => new(
        leadId,
        row.RowKey[FunnelKeys.JournalRowPrefix.Length..],
        JsonSerializer.Deserialize<FunnelCounter[]>(row.GetString("Counters") ?? "[]") ?? [],
        row.GetInt64("Amount") ?? 1);

    private async Task CreateTablesAsync() =>
        await Task.WhenAll(_options.AllTables.Select(table => _service.CreateTableIfNotExistsAsync(table)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Funnel entry of lead {LeadId} not counted yet; the timer finishes it")]
    private static partial void LogLeftPending(ILogger logger, Exception exception, string leadId);
}
