using Azure;
using Azure.Data.Tables;
using LeadFunctions.Leads;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="ILeadRepository"/> on the lead tables: a lead's row and events live in its partition of the Leads table, so
/// events and the touch of the lead row that guards a rescoring are one entity group transaction; the email index finds
/// a lead by address (<see cref="TableLeadCreation"/> claims it), the stage index lists a stage. See
/// docs/storage-design.md.
/// </summary>
public sealed class TableLeadRepository : ILeadRepository
{
    private const int MaxBatch = 100;
    private const int ReadParallelism = 16;

    private readonly LeadTables _tables;
    private readonly TableLeadCreation _creation;

    public TableLeadRepository(LeadTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
        _creation = new TableLeadCreation(tables.Leads, tables.Emails, tables.TimeProvider);
    }

    public async Task<Lead?> FindLeadByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        await _tables.EnsureTablesAsync(cancellationToken);
        var index = await _tables.Emails.GetEntityIfExistsAsync<TableEntity>(
            LeadKeys.EmailKey(normalizedEmail),
            string.Empty,
            cancellationToken: cancellationToken);
        return index.HasValue && index.Value!.GetString("LeadId") is { } leadId ? await GetLeadAsync(leadId, cancellationToken) : null;
    }

    public async Task<(Lead Lead, bool Created)> GetOrCreateLeadAsync(
        LeadProfile profile,
        LeadAttribution attribution,
        IReadOnlyList<StoredEvent>? firstEvents = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await _tables.EnsureTablesAsync(cancellationToken);
        return await _creation.GetOrCreateAsync(profile, attribution, firstEvents, cancellationToken);
    }

    public async Task<Lead?> GetLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            return null;
        }

        await _tables.EnsureTablesAsync(cancellationToken);
        var entity = await _tables.Leads.GetEntityIfExistsAsync<TableEntity>(
            leadId,
            LeadKeys.LeadRow,
            cancellationToken: cancellationToken);
        return entity.HasValue ? LeadEntityMapper.ToLead(entity.Value!) : null;
    }

    public async Task<bool> TryUpdateProfileAsync(Lead lead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        await _tables.EnsureTablesAsync(cancellationToken);
        try
        {
            await _tables.Leads.UpdateEntityAsync(
                LeadEntityMapper.LeadEntity(lead),
                new ETag(lead.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(lead))),
                TableUpdateMode.Replace,
                cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<EventAppendResult> AppendEventsAsync(
        string leadId,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _tables.EnsureTablesAsync(cancellationToken);
        var distinct = events
            .Select(stored => LeadEntityMapper.EventEntity(leadId, stored))
            .DistinctBy(entity => entity.RowKey, StringComparer.Ordinal)
            .ToList();
        var duplicates = events.Count - distinct.Count;
        var stored = 0;
        foreach (var chunk in distinct.Chunk(MaxBatch - 1))
        {
            var (added, repeated) = await AppendChunkAsync(leadId, [.. chunk], cancellationToken);
            stored += added;
            duplicates += repeated;
        }

        return new EventAppendResult(stored, duplicates);
    }

    /// <summary>
    /// One entity group transaction of events that also touches the lead row (Merge, If-Match *): the batch fails if the
    /// lead is gone, and the lead's ETag changes, so a rescoring that read the events before these were added cannot save
    /// its score. An event stored before fails the batch: it is counted once as a duplicate and the rest are stored.
    /// </summary>
    private async Task<(
        int Stored,
        int Duplicates)> AppendChunkAsync(string leadId, List<TableEntity> pending, CancellationToken cancellationToken)
    {
        var duplicates = 0;
        while (pending.Count > 0)
        {
            var actions = pending.Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)).ToList();
            actions.Add(new TableTransactionAction(
                TableTransactionActionType.UpdateMerge,
                new TableEntity(leadId, LeadKeys.LeadRow) { ["EventsAddedAt"] = _tables.TimeProvider.GetUtcNow() },
                ETag.All));
            try
            {
                await _tables.Leads.SubmitTransactionAsync(actions, cancellationToken);
                return (pending.Count, duplicates);
            }
            catch (TableTransactionFailedException exception)
                when (exception.Status == 409 && exception.FailedTransactionActionIndex is { } index && index < pending.Count)
            {
                pending.RemoveAt(index);
                duplicates++;
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 404)
            {
                throw new LeadNotFoundException(leadId);
            }
        }

        return (0, duplicates);
    }

    public async Task<LeadPage> ListLeadsByStageAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        if (await StageIndexPageAsync(stage, ["RowKey"], continuationToken, pageSize, cancellationToken) is not { } page)
        {
            return new LeadPage([], null);
        }

        var leads = await ReadLeadsAsync(page.Values.Select(row => row.RowKey), cancellationToken);
        return new LeadPage([.. leads.Where(lead => lead.Stage == stage)], page.ContinuationToken);
    }

    public async Task<StageEntryPage> ListStageEntriesAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        string[] columns = ["RowKey", StageIndex.EnteredAtProperty];
        if (await StageIndexPageAsync(stage, columns, continuationToken, pageSize, cancellationToken) is not { } page)
        {
            return new StageEntryPage([], null);
        }

        return new StageEntryPage(
            [.. page.Values.Select(row => new StageEntry(
                row.RowKey,
                row.GetInt64(StageIndex.EnteredAtProperty) is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null))],
            page.ContinuationToken);
    }

    public async Task<LeadIdPage> ListLeadIdsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        await _tables.EnsureTablesAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {LeadKeys.LeadRow}");
        var pages = _tables.Leads.QueryAsync<TableEntity>(filter, pageSize, ["PartitionKey"], cancellationToken)
            .AsPages(continuationToken, pageSize);
        await foreach (var page in pages)
        {
            return new LeadIdPage([.. page.Values.Select(row => row.PartitionKey)], page.ContinuationToken);
        }

        return new LeadIdPage([], null);
    }

    /// <summary>One page of a stage's index rows (the lead ids, and the columns named), or null past the last.</summary>
    private async Task<Page<TableEntity>?> StageIndexPageAsync(
        LeadStage stage,
        string[] columns,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken)
    {
        await _tables.EnsureTablesAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {stage.ToString()}");
        await foreach (var page in _tables.Stages.QueryAsync<TableEntity>(filter, pageSize, columns, cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return page;
        }

        return null;
    }

    private async Task<IReadOnlyList<Lead>> ReadLeadsAsync(IEnumerable<string> leadIds, CancellationToken cancellationToken)
    {
        var ids = leadIds.ToArray();
        var leads = new Lead?[ids.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Length),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (i, token) => leads[i] = await GetLeadAsync(ids[i], token));
        return [.. leads.OfType<Lead>()];
    }
}
