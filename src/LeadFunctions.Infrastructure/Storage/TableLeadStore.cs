using Azure;
using Azure.Data.Tables;
using LeadFunctions.Leads;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="ILeadStore"/> on Azure Table Storage. One partition per lead in the Leads table holds the lead row,
/// its events and its hand-offs, so the writes that must be atomic (new score + hand-off; events + lead touch) are
/// entity group transactions. Four index tables give the other access paths without scans: email → lead, stage →
/// leads, decay review due hour → leads, due hand-offs and SLA reminders (by due hour). Index rows are written before the lead row they
/// point at and
/// verified against it when read, so a crash between two writes leaves at most a stale index row, never a lost lead.
/// See docs/storage-design.md.
/// </summary>
public sealed class TableLeadStore : ILeadStore
{
    private const int MaxBatch = 100;
    private const int ReadParallelism = 16;

    /// <summary>A stage index row's exact UTC ticks of the lead's last move into the stage.</summary>
    private const string EnteredAtProperty = "EnteredAtTicks";

    private readonly TableClient _leads;
    private readonly TableClient _emails;
    private readonly TableClient _stages;
    private readonly TableClient _decay;
    private readonly TableClient _handoffs;
    private readonly TableServiceClient _service;
    private readonly StorageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CreateOnce _tables;

    private readonly TableAvailability? _availability;
    private readonly TableFunnelStore _funnel;
    private readonly TableLeadErasure _erasure;
    private readonly TableLeadCreation _creation;

    public TableLeadStore(
        TableServiceClient service,
        IOptions<StorageOptions> options,
        TimeProvider timeProvider,
        TableAvailability? availability = null,
        TableFunnelStore? funnel = null)
    {
        _availability = availability;
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(options);
        _service = service;
        _options = options.Value;
        _timeProvider = timeProvider;
        _leads = service.GetTableClient(_options.LeadsTable);
        _emails = service.GetTableClient(_options.EmailIndexTable);
        _stages = service.GetTableClient(_options.StageIndexTable);
        _decay = service.GetTableClient(_options.DecayIndexTable);
        _handoffs = service.GetTableClient(_options.HandoffIndexTable);
        _tables = new CreateOnce(CreateTablesAsync);
        _funnel = funnel ?? new TableFunnelStore(service, options);
        _creation = new TableLeadCreation(_leads, _emails, timeProvider);
        _erasure = new TableLeadErasure(_leads, _emails, _stages, _decay, _handoffs, _funnel, timeProvider);
    }

    /// <summary>Creates the tables if they do not exist (idempotent; retried on the next call if it failed).</summary>
    public Task EnsureTablesAsync(CancellationToken cancellationToken = default)
    {
        if (_availability?.TakeMissing() == true)
        {
            _tables.Reset();
        }

        return _tables.EnsureAsync(cancellationToken);
    }

    public async Task<Lead?> FindLeadByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var index = await _emails.GetEntityIfExistsAsync<TableEntity>(
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
        await EnsureTablesAsync(cancellationToken);
        return await _creation.GetOrCreateAsync(profile, attribution, firstEvents, cancellationToken);
    }

    public async Task<Lead?> GetLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            return null;
        }

        await EnsureTablesAsync(cancellationToken);
        var entity = await _leads.GetEntityIfExistsAsync<TableEntity>(leadId, LeadKeys.LeadRow, cancellationToken: cancellationToken);
        return entity.HasValue ? LeadEntityMapper.ToLead(entity.Value!) : null;
    }

    public async Task<bool> TryUpdateProfileAsync(Lead lead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        await EnsureTablesAsync(cancellationToken);
        try
        {
            await _leads.UpdateEntityAsync(
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
        await EnsureTablesAsync(cancellationToken);
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
                new TableEntity(leadId, LeadKeys.LeadRow) { ["EventsAddedAt"] = _timeProvider.GetUtcNow() },
                ETag.All));
            try
            {
                await _leads.SubmitTransactionAsync(actions, cancellationToken);
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

    public async Task<LeadScoringState?> GetScoringStateAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            return null;
        }

        await EnsureTablesAsync(cancellationToken);
        Lead? lead = null;
        var events = new List<Engagement.EngagementEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {leadId}");
        await foreach (var entity in _leads.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == LeadKeys.LeadRow)
            {
                lead = LeadEntityMapper.ToLead(entity);
            }
            else if (entity.RowKey.StartsWith(LeadKeys.EventRowPrefix, StringComparison.Ordinal))
            {
                events.Add(LeadEntityMapper.ToEvent(entity));
            }
        }

        if (lead is null)
        {
            return null;
        }

        events.Sort((a, b) => a.OccurredAt.CompareTo(b.OccurredAt));
        return new LeadScoringState(lead, events);
    }

    public async Task<bool> TrySaveScoreAsync(
        Lead current,
        StoredScore score,
        SalesHandoff? handoff,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(score);
        await EnsureTablesAsync(cancellationToken);
        await EnterScoreIndexesAsync(current, score, handoff, cancellationToken);
        var updated = current with { Score = score, UpdatedAt = now };
        var funnel = await _funnel.PrepareAsync(current, updated, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, LeadEntityMapper.LeadEntity(updated), ETagOf(current)),
        };
        if (handoff is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, LeadEntityMapper.HandoffEntity(handoff)));
        }

        actions.AddRange(TableFunnelStore.JournalActions(funnel));
        try
        {
            await _leads.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            if (exception.Status == 404)
            {
                await ForgetScoreIndexesAsync(current, score, handoff, funnel, cancellationToken);
            }

            return false;
        }

        await _funnel.ApplyAsync(funnel, cancellationToken);
        await LeaveScoreIndexesAsync(current, score, cancellationToken);
        return true;
    }

    /// <summary>
    /// The index rows a save wrote before its transaction found no lead row (the lead is erased, or being erased: its
    /// erasure may have deleted its index rows before these were written). They name a lead that will never be back.
    /// </summary>
    private async Task ForgetScoreIndexesAsync(
        Lead current,
        StoredScore score,
        SalesHandoff? handoff,
        IReadOnlyList<Reporting.FunnelEntry> funnel,
        CancellationToken cancellationToken)
    {
        var leadId = current.LeadId;
        if (handoff is not null)
        {
            var row = LeadKeys.DueHandoffRow(leadId, handoff.HandoffId);
            await DeleteIfExistsAsync(_handoffs, LeadKeys.DueHandoffsPartition, row, cancellationToken);
        }

        if (score.DecayReviewDueAt is { } due && due != current.Score?.DecayReviewDueAt)
        {
            await DeleteIfExistsAsync(_decay, LeadKeys.DecayBucket(due), LeadKeys.DecayRow(leadId, due), cancellationToken);
        }

        await ForgetStageIndexAsync(leadId, PreviousStage(current), score.Stage, funnel, cancellationToken);
    }

    /// <summary>The stage index row and the funnel's pending rows of a save refused because its lead is gone.</summary>
    private async Task ForgetStageIndexAsync(
        string leadId,
        LeadStage? previous,
        LeadStage next,
        IReadOnlyList<Reporting.FunnelEntry> funnel,
        CancellationToken cancellationToken)
    {
        if (previous != next)
        {
            await DeleteIfExistsAsync(_stages, next.ToString(), leadId, cancellationToken);
        }

        await _funnel.ForgetAsync(funnel, cancellationToken);
    }

    /// <summary>
    /// The index rows a new score needs, written before the lead (idempotent upserts, each verified against the lead when
    /// read): the due hand-off, the new decay review, the new stage.
    /// </summary>
    private async Task EnterScoreIndexesAsync(Lead current, StoredScore score, SalesHandoff? handoff, CancellationToken cancellationToken)
    {
        var leadId = current.LeadId;
        if (handoff is not null)
        {
            var row = new TableEntity(LeadKeys.DueHandoffsPartition, LeadKeys.DueHandoffRow(leadId, handoff.HandoffId));
            await _handoffs.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }

        if (score.DecayReviewDueAt is { } due && due != current.Score?.DecayReviewDueAt)
        {
            var row = new TableEntity(LeadKeys.DecayBucket(due), LeadKeys.DecayRow(leadId, due))
            {
                ["LeadId"] = leadId,
                ["DueAtTicks"] = due.UtcTicks,
            };
            await _decay.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }

        await EnterStageIndexAsync(current, score, cancellationToken);
    }

    /// <summary>The index rows the saved score made stale: best effort (readers skip stale rows anyway).</summary>
    private async Task LeaveScoreIndexesAsync(Lead current, StoredScore score, CancellationToken cancellationToken)
    {
        if (current.Score?.DecayReviewDueAt is { } oldDue && oldDue != score.DecayReviewDueAt)
        {
            await DeleteIfExistsAsync(_decay, LeadKeys.DecayBucket(oldDue), LeadKeys.DecayRow(current.LeadId, oldDue), cancellationToken);
        }

        await LeaveStageIndexAsync(current.LeadId, PreviousStage(current), score.Stage, cancellationToken);
    }

    /// <summary>The stage the lead's index row is under: none before its first score.</summary>
    private static LeadStage? PreviousStage(Lead lead) => lead.Score is null ? null : lead.Stage;

    /// <summary>The lead's ETag, the If-Match of every write that replaces it.</summary>
    private static ETag ETagOf(Lead lead) => new(lead.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(lead)));

    public async Task<SalesSaveResult> TrySaveSalesActionAsync(
        Lead current,
        StoredScore score,
        SalesStatusReceipt? receipt,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(score);
        await EnsureTablesAsync(cancellationToken);
        var leadId = current.LeadId;
        await EnterStageIndexAsync(current, score, cancellationToken);
        var updated = current with { Score = score, UpdatedAt = now };
        var funnel = await _funnel.PrepareAsync(current, updated, cancellationToken);

        // The lead (guarded by its ETag) and the receipt of the external id in one entity group transaction: a replay's
        // receipt insert conflicts, so a status is recorded once however often the CRM sends it.
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, LeadEntityMapper.LeadEntity(updated), ETagOf(current)),
        };
        if (receipt is not null)
        {
            var receiptRow = LeadEntityMapper.SalesStatusEntity(leadId, receipt, score.StageHistory[^1], now);
            actions.Add(new(TableTransactionActionType.Add, receiptRow));
        }

        actions.AddRange(TableFunnelStore.JournalActions(funnel));
        try
        {
            await _leads.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            if (exception.Status == 404)
            {
                await ForgetStageIndexAsync(leadId, PreviousStage(current), score.Stage, funnel, cancellationToken);
            }

            return exception.Status switch
            {
                409 when exception.FailedTransactionActionIndex == 1 => SalesSaveResult.AlreadyRecorded,
                404 => SalesSaveResult.NotFound,
                _ => SalesSaveResult.Changed,
            };
        }

        await _funnel.ApplyAsync(funnel, cancellationToken);
        await LeaveStageIndexAsync(leadId, PreviousStage(current), score.Stage, cancellationToken);
        return SalesSaveResult.Saved;
    }

    public async Task<bool> IsSalesStatusRecordedAsync(string leadId, string externalId, CancellationToken cancellationToken = default) =>
        await GetSalesStatusReceiptAsync(leadId, externalId, cancellationToken) is not null;

    public async Task<SalesStatusReceipt?> GetSalesStatusReceiptAsync(
        string leadId,
        string externalId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        if (!Lead.IsValidLeadId(leadId))
        {
            return null;
        }

        await EnsureTablesAsync(cancellationToken);
        var receipt = await _leads.GetEntityIfExistsAsync<TableEntity>(
            leadId,
            LeadKeys.SalesStatusRow(externalId),
            LeadEntityMapper.SalesStatusColumns,
            cancellationToken);
        return receipt.HasValue ? LeadEntityMapper.ToSalesStatusReceipt(externalId, receipt.Value!) : null;
    }

    public async Task<SalesHandoff?> GetHandoffAsync(string leadId, string handoffId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId) || !SalesHandoff.TryParseId(handoffId, out _))
        {
            return null;
        }

        await EnsureTablesAsync(cancellationToken);
        var entity = await _leads.GetEntityIfExistsAsync<TableEntity>(
            leadId,
            LeadKeys.HandoffRow(handoffId),
            cancellationToken: cancellationToken);
        return entity.HasValue ? LeadEntityMapper.ToHandoff(entity.Value!) : null;
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

    public async Task<LeadIdPage> ListLeadIdsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey eq {LeadKeys.LeadRow}");
        var pages = _leads.QueryAsync<TableEntity>(filter, pageSize, ["PartitionKey"], cancellationToken)
            .AsPages(continuationToken, pageSize);
        await foreach (var page in pages)
        {
            return new LeadIdPage([.. page.Values.Select(row => row.PartitionKey)], page.ContinuationToken);
        }

        return new LeadIdPage([], null);
    }

    public async Task<IReadOnlyList<DecayReview>> GetDueDecayReviewsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await EnsureTablesAsync(cancellationToken);
        var due = new List<DecayReview>(Math.Min(maxCount, 1000));
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {LeadKeys.DecayBucket(now)}");
        var rows = _decay.QueryAsync<TableEntity>(filter, Math.Min(maxCount, 1000), ["LeadId", "DueAtTicks"], cancellationToken);
        await foreach (var row in rows)
        {
            // Ticks, not an Edm.DateTime: exact, so the row can be compared with the lead's own review time.
            if (row.GetInt64("DueAtTicks") is { } ticks && ticks <= now.UtcTicks && row.GetString("LeadId") is { } leadId)
            {
                due.Add(new DecayReview(leadId, new DateTimeOffset(ticks, TimeSpan.Zero)));
                if (due.Count >= maxCount)
                {
                    break;
                }
            }
        }

        return due;
    }

    public async Task RemoveDecayReviewAsync(DecayReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        await EnsureTablesAsync(cancellationToken);
        await DeleteIfExistsAsync(
            _decay,
            LeadKeys.DecayBucket(review.DueAt),
            LeadKeys.DecayRow(review.LeadId, review.DueAt),
            cancellationToken);
    }

    public async Task<IReadOnlyList<SalesHandoff>> GetDueHandoffsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var result = new List<SalesHandoff>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LeadKeys.DueHandoffsPartition}");
        await foreach (var row in _handoffs.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            var (leadId, handoffId) = LeadKeys.ParseDueHandoffRow(row.RowKey);
            if (await GetHandoffAsync(leadId, handoffId, cancellationToken) is not { } handoff)
            {
                // The rescore that wrote this index row lost its race, or the lead was erased. Old enough: clean up.
                if (row.Timestamp is { } written && now - written > TimeSpan.FromMinutes(10))
                {
                    await DeleteIfExistsAsync(_handoffs, row.PartitionKey, row.RowKey, cancellationToken);
                }

                continue;
            }

            if (handoff.Status is HandoffStatus.Sent or HandoffStatus.Failed)
            {
                await DeleteIfExistsAsync(_handoffs, row.PartitionKey, row.RowKey, cancellationToken);
                continue;
            }

            if ((handoff.NextAttemptAt ?? handoff.QualifiedAt) <= now)
            {
                result.Add(handoff);
                if (result.Count >= maxCount)
                {
                    break;
                }
            }
        }

        return result;
    }

    public async Task<SalesHandoff?> TryUpdateHandoffAsync(SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        await EnsureTablesAsync(cancellationToken);
        if (await TryReplaceHandoffAsync(handoff, cancellationToken) is not { } etag)
        {
            return null;
        }

        if (handoff.Status is HandoffStatus.Sent or HandoffStatus.Failed)
        {
            await DeleteIfExistsAsync(
                _handoffs,
                LeadKeys.DueHandoffsPartition,
                LeadKeys.DueHandoffRow(handoff.LeadId, handoff.HandoffId),
                cancellationToken);
        }

        return handoff with { ETag = etag };
    }

    /// <summary>
    /// Replaces the hand-off row under its ETag, in one transaction with a merge of nothing into the lead's row that must
    /// find it (If-Match *): a lead being erased has no lead row, so the claim or update of its hand-off is refused.
    /// The new ETag, or null when the hand-off changed meanwhile or its lead is gone.
    /// </summary>
    private async Task<string?> TryReplaceHandoffAsync(SalesHandoff handoff, CancellationToken cancellationToken)
    {
        var etag = new ETag(handoff.ETag ?? throw new ArgumentException("The hand-off has no ETag.", nameof(handoff)));
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateReplace, LeadEntityMapper.HandoffEntity(handoff), etag),
            new(TableTransactionActionType.UpdateMerge, new TableEntity(handoff.LeadId, LeadKeys.LeadRow), ETag.All),
        ];
        try
        {
            var response = await _leads.SubmitTransactionAsync(actions, cancellationToken);
            return response.Value[0].Headers.ETag?.ToString();
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 412)
        {
            return null;
        }
    }

    public async Task<SalesHandoff?> TryRecordHandoffSentAsync(SalesHandoff sent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        if (sent is not { Status: HandoffStatus.Sent, SentAt: { } sentAt })
        {
            throw new ArgumentException("Only a sent hand-off, with the time it was sent, can be recorded as sent.", nameof(sent));
        }

        await EnsureTablesAsync(cancellationToken);
        if (sent.Reminder is { } reminder)
        {
            // Index row first (verified against the hand-off when read): a crash before the transaction leaves a stale row.
            await _handoffs.UpsertEntityAsync(
                ReminderIndexEntity(sent.LeadId, sent.HandoffId, reminder.DueAt),
                TableUpdateMode.Replace,
                cancellationToken);
        }

        // Both rows live in the lead's partition: one entity group transaction. The lead row is merged (only
        // SalesNotifiedAt) and must exist (If-Match *), so an erased lead fails the whole write.
        List<TableTransactionAction> actions =
        [
            new(
                TableTransactionActionType.UpdateReplace,
                LeadEntityMapper.HandoffEntity(sent),
                new ETag(sent.ETag ?? throw new ArgumentException("The hand-off has no ETag.", nameof(sent)))),
            new(
                TableTransactionActionType.UpdateMerge,
                new TableEntity(sent.LeadId, LeadKeys.LeadRow) { ["SalesNotifiedAt"] = sentAt },
                ETag.All),
        ];
        try
        {
            var response = await _leads.SubmitTransactionAsync(actions, cancellationToken);
            await DeleteIfExistsAsync(
                _handoffs,
                LeadKeys.DueHandoffsPartition,
                LeadKeys.DueHandoffRow(sent.LeadId, sent.HandoffId),
                cancellationToken);
            return sent with { ETag = response.Value[0].Headers.ETag?.ToString() };
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 412)
        {
            if (exception.Status == 404 && sent.Reminder is { } planned)
            {
                // The lead is erased, or being erased: the reminder index row written above names nothing.
                await DeleteIfExistsAsync(
                    _handoffs,
                    LeadKeys.ReminderBucket(planned.DueAt),
                    LeadKeys.DueHandoffRow(sent.LeadId, sent.HandoffId),
                    cancellationToken);
            }

            return null;
        }
    }

    public async Task<IReadOnlyList<SalesHandoff>> GetDueRemindersAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await EnsureTablesAsync(cancellationToken);
        var due = new List<SalesHandoff>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {LeadKeys.ReminderPartitionPrefix} and PartitionKey le {LeadKeys.ReminderBucket(now)}");
        await foreach (var row in _handoffs.QueryAsync<TableEntity>(filter, Math.Min(maxCount, 1000), cancellationToken: cancellationToken))
        {
            if (row.GetInt64("DueAtTicks") is not { } ticks || ticks > now.UtcTicks)
            {
                continue; // due later this hour
            }

            var (leadId, handoffId) = LeadKeys.ParseDueHandoffRow(row.RowKey);
            var handoff = await GetHandoffAsync(leadId, handoffId, cancellationToken);
            if (handoff?.Reminder is not { } reminder
                || reminder.DueAt.UtcTicks != ticks
                || reminder.Status is not (ReminderStatus.Pending or ReminderStatus.Sending))
            {
                // Finished, erased, or the hand-off's transaction never happened: a stale row. Old enough: clean up.
                if (handoff?.Reminder is { Status: not (ReminderStatus.Pending or ReminderStatus.Sending) }
                    || (row.Timestamp is { } written && now - written > TimeSpan.FromMinutes(10)))
                {
                    await DeleteIfExistsAsync(_handoffs, row.PartitionKey, row.RowKey, cancellationToken);
                }

                continue;
            }

            if (reminder.IsDueAt(now))
            {
                due.Add(handoff);
                if (due.Count >= maxCount)
                {
                    break;
                }
            }
        }

        return due;
    }

    public async Task<SalesHandoff?> TryUpdateReminderAsync(SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var reminder = handoff.Reminder ?? throw new ArgumentException("The hand-off has no reminder.", nameof(handoff));
        await EnsureTablesAsync(cancellationToken);
        if (reminder.Status == ReminderStatus.Sending)
        {
            // Claimed: its SLA ran out unanswered. Counted before the write, once per hand-off however often claimed.
            await _funnel.RecordAsync(Reporting.FunnelEntries.SlaOverdue(handoff), cancellationToken);
        }

        if (await TryReplaceHandoffAsync(handoff, cancellationToken) is not { } etag)
        {
            return null;
        }

        if (reminder.Status is not (ReminderStatus.Pending or ReminderStatus.Sending))
        {
            await DeleteIfExistsAsync(
                _handoffs,
                LeadKeys.ReminderBucket(reminder.DueAt),
                LeadKeys.DueHandoffRow(handoff.LeadId, handoff.HandoffId),
                cancellationToken);
        }

        return handoff with { ETag = etag };
    }

    public async Task EraseLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            return;
        }

        await EnsureTablesAsync(cancellationToken);
        await _erasure.EraseAsync(leadId, cancellationToken);
    }

    internal IEnumerable<TableClient> TableClients() => [_leads, _emails, _stages, _decay, _handoffs];

    public async Task CheckAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await _leads.GetEntityIfExistsAsync<TableEntity>("health", "probe", cancellationToken: cancellationToken);
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

    /// <summary>
    /// The lead's row in its new stage's index partition, written before the lead (idempotent; verified when read), with
    /// when it moved into the stage (<see cref="EnteredAtProperty"/>), so the newest of a stage are found from the index.
    /// </summary>
    private async Task EnterStageIndexAsync(Lead current, StoredScore score, CancellationToken cancellationToken)
    {
        if (PreviousStage(current) != score.Stage)
        {
            var row = new TableEntity(score.Stage.ToString(), current.LeadId);
            if (Modeling.KnownOutcomes.OutcomeTime(current with { Score = score }, score.Stage) is { } enteredAt)
            {
                row[EnteredAtProperty] = enteredAt.UtcTicks;
            }

            await _stages.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task<StageEntryPage> ListStageEntriesAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        if (await StageIndexPageAsync(stage, ["RowKey", EnteredAtProperty], continuationToken, pageSize, cancellationToken)
            is not { } page)
        {
            return new StageEntryPage([], null);
        }

        return new StageEntryPage(
            [.. page.Values.Select(row => new StageEntry(
                row.RowKey,
                row.GetInt64(EnteredAtProperty) is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null))],
            page.ContinuationToken);
    }

    /// <summary>One page of a stage's index rows (the lead ids, and the columns named), or null past the last.</summary>
    private async Task<Page<TableEntity>?> StageIndexPageAsync(
        LeadStage stage,
        string[] columns,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {stage.ToString()}");
        await foreach (var page in _stages.QueryAsync<TableEntity>(filter, pageSize, columns, cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return page;
        }

        return null;
    }

    /// <summary>The old stage's index row, stale once the lead moved: best effort (readers skip stale rows anyway).</summary>
    private async Task LeaveStageIndexAsync(string leadId, LeadStage? previous, LeadStage next, CancellationToken cancellationToken)
    {
        if (previous is { } old && old != next)
        {
            await DeleteIfExistsAsync(_stages, old.ToString(), leadId, cancellationToken);
        }
    }

    private static TableEntity ReminderIndexEntity(string leadId, string handoffId, DateTimeOffset dueAt) =>
        new(LeadKeys.ReminderBucket(dueAt), LeadKeys.DueHandoffRow(leadId, handoffId)) { ["DueAtTicks"] = dueAt.UtcTicks };

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
