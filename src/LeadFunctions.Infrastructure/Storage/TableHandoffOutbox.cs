using Azure;
using Azure.Data.Tables;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Reporting;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="IHandoffOutbox"/> on the lead tables: a hand-off is a row of its lead's partition (written with the score
/// that requires it, by <see cref="TableLeadScoreStore"/>), found through the hand-off index table: one partition of
/// due hand-offs, and a partition per hour SLA reminders are due. Both due queries are the one due-index scan
/// (<see cref="LeadTables.ScanDueIndexAsync"/>), each row checked against its hand-off. Every write replaces the hand-off
/// under its ETag in one transaction with a merge into its lead's row, so a lead being erased refuses it.
/// See docs/storage-design.md.
/// </summary>
public sealed class TableHandoffOutbox(LeadTables tables, TableFunnelStore funnel) : IHandoffOutbox
{
    public async Task<IReadOnlyList<SalesHandoff>> GetDueHandoffsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LeadKeys.DueHandoffsPartition}");
        return await tables.ScanDueIndexAsync(
            tables.Handoffs,
            filter,
            new DueIndexScan(now, maxCount),
            async (row, token) =>
            {
                var (leadId, handoffId) = LeadKeys.ParseDueHandoffRow(row.RowKey);
                return await GetHandoffAsync(leadId, handoffId, token) switch
                {
                    // The rescore that wrote this index row lost its race, or the lead was erased.
                    null => DueRow<SalesHandoff>.Missing,
                    { Status: HandoffStatus.Sent or HandoffStatus.Failed } => DueRow<SalesHandoff>.Done,
                    var handoff when (handoff.NextAttemptAt ?? handoff.QualifiedAt) <= now => DueRow<SalesHandoff>.Due(handoff),
                    _ => DueRow<SalesHandoff>.NotDue,
                };
            },
            cancellationToken);
    }

    public async Task<SalesHandoff?> TryUpdateHandoffAsync(SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        await tables.EnsureTablesAsync(cancellationToken);
        if (await TryReplaceHandoffAsync(handoff, cancellationToken) is not { } etag)
        {
            return null;
        }

        if (handoff.Status is HandoffStatus.Sent or HandoffStatus.Failed)
        {
            await LeadTables.DeleteIfExistsAsync(
                tables.Handoffs,
                LeadKeys.DueHandoffsPartition,
                LeadKeys.DueHandoffRow(handoff.LeadId, handoff.HandoffId),
                cancellationToken);
        }

        return handoff with { ETag = etag };
    }

    public async Task<SalesHandoff?> TryRecordHandoffSentAsync(SalesHandoff sent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        if (sent is not { Status: HandoffStatus.Sent, SentAt: { } sentAt })
        {
            throw new ArgumentException("Only a sent hand-off, with the time it was sent, can be recorded as sent.", nameof(sent));
        }

        await tables.EnsureTablesAsync(cancellationToken);
        if (sent.Reminder is { } reminder)
        {
            // Index row first (verified against the hand-off when read): a crash before the transaction leaves a stale row.
            await tables.Handoffs.UpsertEntityAsync(
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
            var response = await tables.Leads.SubmitTransactionAsync(actions, cancellationToken);
            await LeadTables.DeleteIfExistsAsync(
                tables.Handoffs,
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
                await LeadTables.DeleteIfExistsAsync(
                    tables.Handoffs,
                    LeadKeys.ReminderBucket(planned.DueAt),
                    LeadKeys.DueHandoffRow(sent.LeadId, sent.HandoffId),
                    cancellationToken);
            }

            return null;
        }
    }

    public async Task<SalesHandoff?> GetHandoffAsync(string leadId, string handoffId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId) || !SalesHandoff.TryParseId(handoffId, out _))
        {
            return null;
        }

        await tables.EnsureTablesAsync(cancellationToken);
        var entity = await tables.Leads.GetEntityIfExistsAsync<TableEntity>(
            leadId,
            LeadKeys.HandoffRow(handoffId),
            cancellationToken: cancellationToken);
        return entity.HasValue ? LeadEntityMapper.ToHandoff(entity.Value!) : null;
    }

    public async Task<IReadOnlyList<SalesHandoff>> GetDueRemindersAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {LeadKeys.ReminderPartitionPrefix} and PartitionKey le {LeadKeys.ReminderBucket(now)}");
        return await tables.ScanDueIndexAsync(
            tables.Handoffs,
            filter,
            new DueIndexScan(now, maxCount, Math.Min(maxCount, 1000)),
            (row, token) => ResolveReminderAsync(row, now, token),
            cancellationToken);
    }

    /// <summary>
    /// A reminder index row checked against its hand-off: not due later this hour (without a read), due, finished (the
    /// row goes), or stale: erased, or the hand-off's transaction never happened.
    /// </summary>
    private async ValueTask<DueRow<SalesHandoff>> ResolveReminderAsync(
        TableEntity row,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (row.GetInt64("DueAtTicks") is not { } ticks || ticks > now.UtcTicks)
        {
            return DueRow<SalesHandoff>.NotDue; // due later this hour
        }

        var (leadId, handoffId) = LeadKeys.ParseDueHandoffRow(row.RowKey);
        var handoff = await GetHandoffAsync(leadId, handoffId, cancellationToken);
        if (handoff?.Reminder is not { } reminder
            || reminder.DueAt.UtcTicks != ticks
            || reminder.Status is not (ReminderStatus.Pending or ReminderStatus.Sending))
        {
            return handoff?.Reminder is { Status: not (ReminderStatus.Pending or ReminderStatus.Sending) }
                ? DueRow<SalesHandoff>.Done
                : DueRow<SalesHandoff>.Missing;
        }

        return reminder.IsDueAt(now) ? DueRow<SalesHandoff>.Due(handoff) : DueRow<SalesHandoff>.NotDue;
    }

    public async Task<SalesHandoff?> TryUpdateReminderAsync(SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var reminder = handoff.Reminder ?? throw new ArgumentException("The hand-off has no reminder.", nameof(handoff));
        await tables.EnsureTablesAsync(cancellationToken);
        if (reminder.Status == ReminderStatus.Sending)
        {
            // Claimed: its SLA ran out unanswered. Counted before the write, once per hand-off however often claimed.
            await funnel.RecordAsync(FunnelEntries.SlaOverdue(handoff), cancellationToken);
        }

        if (await TryReplaceHandoffAsync(handoff, cancellationToken) is not { } etag)
        {
            return null;
        }

        if (reminder.Status is not (ReminderStatus.Pending or ReminderStatus.Sending))
        {
            await LeadTables.DeleteIfExistsAsync(
                tables.Handoffs,
                LeadKeys.ReminderBucket(reminder.DueAt),
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
            var response = await tables.Leads.SubmitTransactionAsync(actions, cancellationToken);
            return response.Value[0].Headers.ETag?.ToString();
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 412)
        {
            return null;
        }
    }

    private static TableEntity ReminderIndexEntity(string leadId, string handoffId, DateTimeOffset dueAt) =>
        new(LeadKeys.ReminderBucket(dueAt), LeadKeys.DueHandoffRow(leadId, handoffId)) { ["DueAtTicks"] = dueAt.UtcTicks };
}
