using Azure;
using Azure.Data.Tables;
using LeadFunctions.Leads;
using LeadFunctions.Visitors;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="IVisitorStore"/> on the visitor tables (docs/storage-design.md, Anonymous visitors). A visitor's partition
/// holds its state row (<see cref="LeadKeys.VisitorRow"/>: the lead it joined, none while anonymous), its open row
/// (<see cref="LeadKeys.VisitorOpenRow"/>, there while it is anonymous) and its events, keyed as on a lead. Events are
/// appended in one entity group transaction with a merge into the open row (If-Match *): one request per visitor and
/// batch of 98 events. A join deletes the open row in the transaction that names the lead, so an append either came
/// before the join (and the join's read sees it) or fails and learns the lead. A visitor's first events also write the
/// state and open rows, after its row in the retention index (by the hour its oldest event was received).
/// </summary>
public sealed class TableVisitorStore(LeadTables tables) : IVisitorStore
{
    private const int MaxBatch = 100;

    /// <summary>Events per transaction: a visitor's first append also writes its state and open rows.</summary>
    private const int EventsPerBatch = MaxBatch - 2;

    /// <summary>Rounds of a write that keeps losing races before it gives up (a 503 to the caller, who retries).</summary>
    private const int MaxAttempts = 8;

    /// <summary>
    /// About one append in this many (chosen by the hash of its first event's key, so the same batch always decides the
    /// same) counts the visitor's events and drops those beyond the newest <see cref="VisitorEvents.MaxPerVisitor"/>.
    /// </summary>
    private const int TrimEvery = 32;

    /// <summary>The state row's record of the hour its retention index row is filed under.</summary>
    private const string RetentionBucketProperty = "RetentionBucket";

    /// <summary>Just past the last event row key ("evt|" + hex): '}' follows '|'.</summary>
    private const string EventRowsEnd = "evt}";

    private static readonly string[] RetentionColumns = ["PartitionKey", "RowKey"];

    public async Task<VisitorAppendResult> AppendVisitorEventsAsync(
        VisitorKey visitor,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await tables.EnsureTablesAsync(cancellationToken);
        var receivedAt = tables.TimeProvider.GetUtcNow();
        var distinct = events
            .Select(stored => LeadEntityMapper.VisitorEventEntity(visitor.Value, stored, receivedAt))
            .DistinctBy(entity => entity.RowKey, StringComparer.Ordinal)
            .ToList();
        int stored = 0, duplicates = events.Count - distinct.Count;
        foreach (var chunk in distinct.Chunk(EventsPerBatch))
        {
            var appended = await AppendChunkAsync(visitor, [.. chunk], receivedAt, cancellationToken);
            if (appended.JoinedLeadId is not null)
            {
                return appended; // the caller stores every event on the lead (those of earlier chunks are moved by the join)
            }

            stored += appended.Stored;
            duplicates += appended.Duplicates;
        }

        if (stored > 0 && IsTrimTurn(distinct[0].RowKey))
        {
            await TrimAsync(visitor, cancellationToken);
        }

        return new VisitorAppendResult(stored, duplicates, null);
    }

    public async Task<VisitorClaim> ClaimVisitorAsync(VisitorKey visitor, string leadId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        await tables.EnsureTablesAsync(cancellationToken);
        await RecordClaimOnLeadAsync(visitor, leadId, cancellationToken);
        var claim = await ClaimOnVisitorAsync(visitor, leadId, cancellationToken);
        if (claim == VisitorClaim.JoinedToAnotherLead)
        {
            return claim;
        }

        // An erasure that began before the visitor named the lead may have missed the visitor: check, and undo.
        var lead = await tables.Leads.GetEntityIfExistsAsync<TableEntity>(
            leadId, LeadKeys.LeadRow, ["PartitionKey"], cancellationToken);
        if (!lead.HasValue)
        {
            await ForgetVisitorAsync(visitor, leadId, cancellationToken);
            throw new LeadNotFoundException(leadId);
        }

        return claim;
    }

    public async Task<IReadOnlyList<StoredEvent>> GetVisitorEventsAsync(VisitorKey visitor, CancellationToken cancellationToken = default)
    {
        await tables.EnsureTablesAsync(cancellationToken);
        var rows = await ReadEventRowsAsync(visitor, null, cancellationToken);
        return [.. rows.Select(LeadEntityMapper.ToStoredEvent)];
    }

    public async Task RemoveVisitorEventsAsync(
        VisitorKey visitor,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await tables.EnsureTablesAsync(cancellationToken);
        var keys = events.Select(stored => LeadKeys.EventRow(stored.Source, stored.Event.EventId)).Distinct(StringComparer.Ordinal);
        await DeleteRowsAsync(tables.Visitors, visitor.Value, [.. keys], cancellationToken);
    }

    public async Task ForgetVisitorAsync(VisitorKey visitor, string leadId, CancellationToken cancellationToken = default)
    {
        await tables.EnsureTablesAsync(cancellationToken);
        await ForgetIfClaimedByAsync(tables, visitor.Value, leadId, cancellationToken);
    }

    public async Task<VisitorExpiry> ExpireVisitorEventsAsync(
        DateTimeOffset receivedBefore,
        int maxVisitors,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVisitors, 1);
        await tables.EnsureTablesAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {LeadKeys.DecayBucket(receivedBefore)}");
        var due = new List<TableEntity>();
        await foreach (var row in tables.VisitorRetention.QueryAsync<TableEntity>(
            filter, Math.Min(maxVisitors, 1000), RetentionColumns, cancellationToken))
        {
            due.Add(row);
            if (due.Count >= maxVisitors)
            {
                break;
            }
        }

        int deleted = 0;
        var unmoved = new List<JoinedVisitor>();
        foreach (var row in due)
        {
            if (!VisitorKey.TryParse(row.RowKey, out var visitor))
            {
                await LeadTables.DeleteIfExistsAsync(tables.VisitorRetention, row.PartitionKey, row.RowKey, cancellationToken);
                continue;
            }

            var (count, joined) = await ExpireVisitorAsync(visitor, row.PartitionKey, receivedBefore, cancellationToken);
            deleted += count;
            if (joined is not null)
            {
                unmoved.Add(joined);
            }
        }

        return new VisitorExpiry(due.Count, deleted, unmoved);
    }

    /// <summary>
    /// Erases the visitor a lead claimed, with its events, unless it joined another lead (then the claim was a refused
    /// second one): <see cref="TableLeadErasure"/> calls it for each claim row in an erased lead's partition.
    /// </summary>
    internal static Task EraseClaimedVisitorAsync(
        LeadTables tables,
        string visitorKey,
        string leadId,
        CancellationToken cancellationToken) => ForgetIfClaimedByAsync(tables, visitorKey, leadId, cancellationToken);

    /// <summary>
    /// The fast path: the events and a merge into the open row (If-Match *) in one transaction. An event stored before
    /// fails the transaction: the events already there are found (one query) and counted as duplicates, and the rest go
    /// again. No open row (404): the visitor is new, or joined a lead.
    /// </summary>
    private async Task<VisitorAppendResult> AppendChunkAsync(
        VisitorKey visitor,
        List<TableEntity> pending,
        DateTimeOffset receivedAt,
        CancellationToken cancellationToken)
    {
        var duplicates = 0;
        for (var races = 0; races < MaxAttempts;)
        {
            var actions = pending.Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)).ToList();
            actions.Add(new(TableTransactionActionType.UpdateMerge, OpenRow(visitor, receivedAt), ETag.All));
            try
            {
                await tables.Visitors.SubmitTransactionAsync(actions, cancellationToken);
                return new VisitorAppendResult(pending.Count, duplicates, null);
            }
            catch (TableTransactionFailedException exception) when (IsConflictAt(exception, pending.Count))
            {
                duplicates += await RemoveStoredAsync(visitor, pending, exception.FailedTransactionActionIndex!.Value, cancellationToken);
                if (pending.Count == 0)
                {
                    return new VisitorAppendResult(0, duplicates, null);
                }
            }
            catch (TableTransactionFailedException exception) when (IsRowNotFound(exception))
            {
                var created = await CreateAsync(visitor, pending, receivedAt, cancellationToken);
                if (created is { } result)
                {
                    return result with { Duplicates = result.Duplicates + duplicates };
                }

                // The visitor was created meanwhile: its open row is there now.
                races++;
            }
        }

        throw Contended("A visitor's events kept changing while they were stored; retry.");
    }

    /// <summary>
    /// Takes the events the visitor already holds out of <paramref name="pending"/> (at least the one that failed, at
    /// <paramref name="failed"/>), reading the visitor's event keys once; returns how many were taken out.
    /// </summary>
    private async Task<int> RemoveStoredAsync(
        VisitorKey visitor,
        List<TableEntity> pending,
        int failed,
        CancellationToken cancellationToken)
    {
        if (pending.Count == 1)
        {
            pending.Clear();
            return 1;
        }

        var stored = (await ReadEventRowsAsync(visitor, ["RowKey"], cancellationToken))
            .Select(row => row.RowKey)
            .ToHashSet(StringComparer.Ordinal);
        stored.Add(pending[failed].RowKey);
        return pending.RemoveAll(entity => stored.Contains(entity.RowKey));
    }

    /// <summary>
    /// The slow path, for a visitor with no open row: its retention index row first (so its events always expire), then
    /// the state row (added, or its anonymous state kept under its ETag), the open row and the events in one transaction.
    /// A state row that names a lead: nothing is stored, the lead is returned. Null: the open row appeared meanwhile.
    /// </summary>
    private async Task<VisitorAppendResult?> CreateAsync(
        VisitorKey visitor,
        List<TableEntity> pending,
        DateTimeOffset receivedAt,
        CancellationToken cancellationToken)
    {
        var bucket = LeadKeys.DecayBucket(receivedAt);
        await tables.VisitorRetention.UpsertEntityAsync(new TableEntity(bucket, visitor.Value), TableUpdateMode.Replace, cancellationToken);
        ETag? anonymousState = null;
        var duplicates = 0;
        for (var races = 0; races < MaxAttempts;)
        {
            var state = new TableEntity(visitor.Value, LeadKeys.VisitorRow) { [RetentionBucketProperty] = bucket };
            var actions = new List<TableTransactionAction>
            {
                anonymousState is { } etag
                    ? new(TableTransactionActionType.UpdateMerge, state, etag)
                    : new(TableTransactionActionType.Add, new TableEntity(state) { ["CreatedAt"] = receivedAt }),
                new(TableTransactionActionType.Add, OpenRow(visitor, receivedAt)),
            };
            actions.AddRange(pending.Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)));
            try
            {
                await tables.Visitors.SubmitTransactionAsync(actions, cancellationToken);
                return new VisitorAppendResult(pending.Count, duplicates, null);
            }
            catch (TableTransactionFailedException exception) when (IsStateConflict(exception))
            {
                races++;
                var current = await tables.Visitors.GetEntityIfExistsAsync<TableEntity>(
                    visitor.Value, LeadKeys.VisitorRow, cancellationToken: cancellationToken);
                if (!current.HasValue)
                {
                    anonymousState = null; // forgotten meanwhile
                    continue;
                }

                if (current.Value!.GetString("LeadId") is { Length: > 0 } leadId)
                {
                    return VisitorAppendResult.Joined(leadId);
                }

                anonymousState = current.Value.ETag; // anonymous without its open row (a retention run forgetting it): reopen
            }
            catch (TableTransactionFailedException exception) when (exception is { Status: 409, FailedTransactionActionIndex: 1 })
            {
                return null;
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 409 && exception.FailedTransactionActionIndex >= 2)
            {
                // Events left by a visitor half forgotten: they are there, count them.
                var failed = exception.FailedTransactionActionIndex.Value - 2;
                duplicates += await RemoveStoredAsync(visitor, pending, failed, cancellationToken);
                if (pending.Count == 0)
                {
                    return new VisitorAppendResult(0, duplicates, null);
                }
            }
        }

        throw Contended("A visitor kept changing while its first events were stored; retry.");
    }

    /// <summary>
    /// The claim row in the lead's partition (where the lead's erasure finds it), with a merge of nothing into the lead
    /// row (If-Match *) in the same transaction: refused when the lead is gone or being erased.
    /// </summary>
    private async Task RecordClaimOnLeadAsync(VisitorKey visitor, string leadId, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(leadId, LeadKeys.VisitorClaimRow(visitor.Value))
        {
            ["VisitorKey"] = visitor.Value,
            ["ClaimedAt"] = tables.TimeProvider.GetUtcNow(),
        };
        try
        {
            await tables.Leads.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpsertMerge, claim),
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(leadId, LeadKeys.LeadRow), ETag.All),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (IsRowNotFound(exception))
        {
            throw new LeadNotFoundException(leadId);
        }
    }

    /// <summary>
    /// The state row names the lead: added when the visitor is new, or merged under the ETag of its anonymous state in
    /// one transaction with the open row's delete (so no append lands after the join unseen). The first claim wins.
    /// </summary>
    private async Task<VisitorClaim> ClaimOnVisitorAsync(VisitorKey visitor, string leadId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var state = await tables.Visitors.GetEntityIfExistsAsync<TableEntity>(
                visitor.Value, LeadKeys.VisitorRow, cancellationToken: cancellationToken);
            if (state.HasValue && state.Value!.GetString("LeadId") is { Length: > 0 } owner)
            {
                return owner == leadId ? VisitorClaim.AlreadyJoined : VisitorClaim.JoinedToAnotherLead;
            }

            var joined = new TableEntity(visitor.Value, LeadKeys.VisitorRow)
            {
                ["LeadId"] = leadId,
                ["JoinedAt"] = tables.TimeProvider.GetUtcNow(),
            };
            try
            {
                if (!state.HasValue)
                {
                    await tables.Visitors.AddEntityAsync(joined, cancellationToken);
                    return VisitorClaim.Joined;
                }

                await tables.Visitors.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.UpdateMerge, joined, state.Value!.ETag),
                        new TableTransactionAction(
                            TableTransactionActionType.Delete, new TableEntity(visitor.Value, LeadKeys.VisitorOpenRow), ETag.All),
                    ],
                    cancellationToken);
                return VisitorClaim.Joined;
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412)
            {
                // Claimed or changed since it was read: read again.
            }
            catch (TableTransactionFailedException exception) when (exception.FailedTransactionActionIndex == 0 && IsRowNotFound(exception))
            {
                // Forgotten since it was read (a retention run, an erasure): read again.
            }
            catch (TableTransactionFailedException exception) when (exception.FailedTransactionActionIndex == 1 && IsRowNotFound(exception))
            {
                // Anonymous without its open row (a retention run forgetting it): the state row alone.
                try
                {
                    await tables.Visitors.UpdateEntityAsync(joined, state.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                    return VisitorClaim.Joined;
                }
                catch (RequestFailedException conflict) when (conflict.Status is 404 or 412)
                {
                }
            }
        }

        throw Contended("A visitor kept changing while a lead claimed it; retry.");
    }

    /// <summary>
    /// Retention of one visitor: a joined one holding events is reported (its events are its lead's); an anonymous one
    /// loses the events received before <paramref name="receivedBefore"/> and those beyond the newest
    /// <see cref="VisitorEvents.MaxPerVisitor"/>, then is indexed again by its oldest event left, or forgotten when none is
    /// left (unless an append came in meanwhile: its open row's ETag changed).
    /// </summary>
    private async Task<(int Deleted, JoinedVisitor? Unmoved)> ExpireVisitorAsync(
        VisitorKey visitor,
        string bucket,
        DateTimeOffset receivedBefore,
        CancellationToken cancellationToken)
    {
        var rows = await ReadPartitionAsync(tables.Visitors, visitor.Value, null, cancellationToken);
        var state = rows.Find(row => row.RowKey == LeadKeys.VisitorRow);
        var open = rows.Find(row => row.RowKey == LeadKeys.VisitorOpenRow);
        var events = rows.Where(IsEventRow).ToList();
        if (state?.GetString("LeadId") is { Length: > 0 } leadId)
        {
            if (events.Count > 0)
            {
                return (0, new JoinedVisitor(visitor, leadId)); // the row stays: the next run finds the visitor empty and drops it
            }

            await LeadTables.DeleteIfExistsAsync(tables.VisitorRetention, bucket, visitor.Value, cancellationToken);
            return (0, null);
        }

        var fresh = events.Where(row => ReceivedAt(row) >= receivedBefore).ToList();
        var kept = VisitorEvents.Newest(fresh.Select(LeadEntityMapper.ToStoredEvent))
            .Select(stored => LeadKeys.EventRow(stored.Source, stored.Event.EventId))
            .ToHashSet(StringComparer.Ordinal);
        var dropped = events.Where(row => !kept.Contains(row.RowKey)).Select(row => row.RowKey).ToList();
        await DeleteRowsAsync(tables.Visitors, visitor.Value, dropped, cancellationToken);
        if (kept.Count > 0)
        {
            var oldest = LeadKeys.DecayBucket(fresh.Where(row => kept.Contains(row.RowKey)).Min(ReceivedAt));
            if (oldest != bucket)
            {
                await MoveRetentionRowAsync(visitor, bucket, oldest, cancellationToken);
            }

            return (dropped.Count, null);
        }

        if (await TryCloseAsync(visitor, state, open, cancellationToken))
        {
            await LeadTables.DeleteIfExistsAsync(tables.VisitorRetention, bucket, visitor.Value, cancellationToken);
        }

        return (dropped.Count, null);
    }

    /// <summary>
    /// The visitor's retention index row moves to the hour of its oldest event left; the state row records where it is, so
    /// that forgetting the visitor (its lead's erasure) deletes it too.
    /// </summary>
    private async Task MoveRetentionRowAsync(VisitorKey visitor, string from, string to, CancellationToken cancellationToken)
    {
        await tables.VisitorRetention.UpsertEntityAsync(new TableEntity(to, visitor.Value), TableUpdateMode.Replace, cancellationToken);
        try
        {
            var state = new TableEntity(visitor.Value, LeadKeys.VisitorRow) { [RetentionBucketProperty] = to };
            await tables.Visitors.UpdateEntityAsync(state, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Forgotten meanwhile: the row just written is found empty by a later run and dropped.
        }

        await LeadTables.DeleteIfExistsAsync(tables.VisitorRetention, from, visitor.Value, cancellationToken);
    }

    /// <summary>
    /// Deletes an anonymous visitor left with no event (its state and open rows, under the ETags read): false when an
    /// append or a claim came in since (the row stays in the index and the next run looks again).
    /// </summary>
    private async Task<bool> TryCloseAsync(VisitorKey visitor, TableEntity? state, TableEntity? open, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        if (open is not null)
        {
            actions.Add(new(TableTransactionActionType.Delete, open, open.ETag));
        }

        if (state is not null)
        {
            actions.Add(new(TableTransactionActionType.Delete, state, state.ETag));
        }

        if (actions.Count == 0)
        {
            return true;
        }

        try
        {
            await tables.Visitors.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Drops the events beyond the newest <see cref="VisitorEvents.MaxPerVisitor"/> (after an append whose turn it is).</summary>
    private async Task TrimAsync(VisitorKey visitor, CancellationToken cancellationToken)
    {
        var rows = await ReadEventRowsAsync(visitor, ["RowKey", "Source", "EventId", "OccurredAt"], cancellationToken);
        if (rows.Count <= VisitorEvents.MaxPerVisitor)
        {
            return;
        }

        var kept = VisitorEvents.Newest(rows.Select(LeadEntityMapper.ToStoredEvent))
            .Select(stored => LeadKeys.EventRow(stored.Source, stored.Event.EventId))
            .ToHashSet(StringComparer.Ordinal);
        var dropped = rows.Select(row => row.RowKey).Where(key => !kept.Contains(key)).ToList();
        await DeleteRowsAsync(tables.Visitors, visitor.Value, dropped, cancellationToken);
    }

    /// <summary>Deletes the visitor's partition when its claim is <paramref name="leadId"/>'s or it has none (state row last).</summary>
    private static async Task ForgetIfClaimedByAsync(
        LeadTables tables,
        string visitorKey,
        string leadId,
        CancellationToken cancellationToken)
    {
        var rows = await ReadPartitionAsync(tables.Visitors, visitorKey, ["RowKey", "LeadId", RetentionBucketProperty], cancellationToken);
        var state = rows.Find(row => row.RowKey == LeadKeys.VisitorRow);
        if (state?.GetString("LeadId") is { Length: > 0 } owner && owner != leadId)
        {
            return;
        }

        if (state?.GetString(RetentionBucketProperty) is { Length: > 0 } bucket)
        {
            await LeadTables.DeleteIfExistsAsync(tables.VisitorRetention, bucket, visitorKey, cancellationToken);
        }

        var keys = rows.Select(row => row.RowKey).Where(key => key != LeadKeys.VisitorRow).ToList();
        await DeleteRowsAsync(tables.Visitors, visitorKey, keys, cancellationToken);
        if (state is not null)
        {
            await LeadTables.DeleteIfExistsAsync(tables.Visitors, visitorKey, LeadKeys.VisitorRow, cancellationToken);
        }
    }

    private Task<List<TableEntity>> ReadEventRowsAsync(VisitorKey visitor, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {visitor.Value} and RowKey ge {LeadKeys.EventRowPrefix} and RowKey lt {EventRowsEnd}");
        return QueryAsync(tables.Visitors, filter, select, cancellationToken);
    }

    private static Task<List<TableEntity>> ReadPartitionAsync(
        TableClient table,
        string partitionKey,
        IEnumerable<string>? select,
        CancellationToken cancellationToken) =>
        QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), select, cancellationToken);

    private static async Task<List<TableEntity>> QueryAsync(
        TableClient table,
        string filter,
        IEnumerable<string>? select,
        CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// Deletes rows of one partition, a transaction per 100. A row deleted meanwhile fails its transaction with 404: the
    /// partition is read again and only the rows still there are deleted.
    /// </summary>
    private static async Task DeleteRowsAsync(
        TableClient table,
        string partitionKey,
        List<string> rowKeys,
        CancellationToken cancellationToken)
    {
        var left = rowKeys;
        while (left.Count > 0)
        {
            var chunk = left.Take(MaxBatch).ToList();
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partitionKey, key))),
                    cancellationToken);
                left = left.GetRange(chunk.Count, left.Count - chunk.Count);
            }
            catch (TableTransactionFailedException exception) when (IsRowNotFound(exception))
            {
                var present = (await ReadPartitionAsync(table, partitionKey, ["RowKey"], cancellationToken))
                    .Select(row => row.RowKey)
                    .ToHashSet(StringComparer.Ordinal);
                left = [.. left.Where(present.Contains)];
            }
        }
    }

    private static LeadConcurrencyException Contended(string message) => new(message, new InvalidOperationException(message));

    private static TableEntity OpenRow(VisitorKey visitor, DateTimeOffset receivedAt) =>
        new(visitor.Value, LeadKeys.VisitorOpenRow) { ["LastEventAt"] = receivedAt };

    private static bool IsEventRow(TableEntity row) => row.RowKey.StartsWith(LeadKeys.EventRowPrefix, StringComparison.Ordinal);

    private static DateTimeOffset ReceivedAt(TableEntity row) =>
        row.GetDateTimeOffset("ReceivedAt") ?? row.Timestamp ?? DateTimeOffset.MinValue;

    /// <summary>About one in <see cref="TrimEvery"/> batches, by the last hex digits of the first event's row key.</summary>
    internal static bool IsTrimTurn(string rowKey) => Convert.ToInt32(rowKey[^2..], 16) % TrimEvery == 0;

    /// <summary>A 409 on an event of the transaction (the actions before <paramref name="eventCount"/>): stored before.</summary>
    private static bool IsConflictAt(TableTransactionFailedException exception, int eventCount) =>
        exception.Status == 409 && exception.FailedTransactionActionIndex is { } index && index < eventCount;

    /// <summary>The state row (a transaction's first action) exists, changed or is gone since it was read.</summary>
    private static bool IsStateConflict(TableTransactionFailedException exception) =>
        exception.FailedTransactionActionIndex == 0 && (exception.Status is 409 or 412 || IsRowNotFound(exception));

    /// <summary>A row the transaction needs is missing (not the table: that one is created again and is a 503 meanwhile).</summary>
    private static bool IsRowNotFound(RequestFailedException exception) =>
        exception.Status == 404 && exception.ErrorCode != "TableNotFound";
}
