using Azure;
using Azure.Data.Tables;
using LeadFunctions.Leads;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="ILeadErasure"/> on the lead tables (docs/storage-design.md, Erasure). First the lead is marked: its row
/// moves to the tombstone row (<see cref="LeadKeys.ErasingRow"/>) in one transaction guarded by its ETag. Every write to
/// a lead needs its row (a replace under its ETag, or a merge that must find it), so from then on every writer is
/// refused, and readers find no lead. Then the index rows go, and the anonymous visitors the lead claimed, then every row
/// of the partition (rows another erasure deleted meanwhile are fine), and the tombstone last, so an erasure that stops
/// half-way is finished by the next.
/// </summary>
public sealed class TableLeadErasure(LeadTables tables, TableFunnelStore funnel) : ILeadErasure
{
    private const int MaxBatch = 100;

    /// <summary>Marks guarded by the lead's ETag before one that is not (a lead written to without pause).</summary>
    private const int GuardedMarkAttempts = 8;

    private static readonly string[] SystemProperties = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    public async Task EraseLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            return;
        }

        await tables.EnsureTablesAsync(cancellationToken);
        await EraseAsync(leadId, cancellationToken);
    }

    private async Task EraseAsync(string leadId, CancellationToken cancellationToken)
    {
        var tombstone = await MarkAsync(leadId, cancellationToken);

        // Nothing is added to the partition from here on (every write to the lead is refused), so this read is complete.
        var rows = await ReadPartitionAsync(leadId, cancellationToken);
        await funnel.CountJournalAsync(leadId, rows, cancellationToken);
        await funnel.DropPendingAsync(leadId, cancellationToken);
        if (tombstone is not null)
        {
            await LeaveLeadIndexesAsync(LeadEntityMapper.ToLead(tombstone), cancellationToken);
        }

        await LeaveStageIndexAsync(leadId, cancellationToken);
        await LeaveHandoffIndexesAsync(leadId, rows, cancellationToken);
        await EraseVisitorsAsync(leadId, rows, cancellationToken);
        await DeleteRowsAsync(leadId, rows, cancellationToken);
        await LeadTables.DeleteIfExistsAsync(tables.Leads, leadId, LeadKeys.ErasingRow, cancellationToken);
    }

    /// <summary>
    /// Moves the lead's row to its tombstone (a copy with <c>ErasingAt</c>), guarded by the ETag it was read with; a
    /// write that came in between makes it read again. Returns the tombstone: this one, one a parallel or an interrupted
    /// erasure wrote, or null when there is neither (the lead is gone).
    /// </summary>
    private async Task<TableEntity?> MarkAsync(string leadId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var lead = await tables.Leads.GetEntityIfExistsAsync<TableEntity>(
                leadId,
                LeadKeys.LeadRow,
                cancellationToken: cancellationToken);
            if (!lead.HasValue)
            {
                var marked = await tables.Leads.GetEntityIfExistsAsync<TableEntity>(
                    leadId,
                    LeadKeys.ErasingRow,
                    cancellationToken: cancellationToken);
                return marked.HasValue ? marked.Value : null;
            }

            var row = lead.Value!;
            var tombstone = new TableEntity(leadId, LeadKeys.ErasingRow) { ["ErasingAt"] = tables.TimeProvider.GetUtcNow() };
            foreach (var (key, value) in row.Where(property => !SystemProperties.Contains(property.Key)))
            {
                tombstone[key] = value;
            }

            // Unguarded only after many lost races: then the tombstone may miss the last change (a stale index row at most).
            var guard = attempt < GuardedMarkAttempts ? row.ETag : ETag.All;
            try
            {
                await tables.Leads.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Delete, row, guard),
                        new TableTransactionAction(TableTransactionActionType.UpsertReplace, tombstone),
                    ],
                    cancellationToken);
                return tombstone;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 404 or 412)
            {
                // Written (412) or marked (404) since it was read: read again.
            }
        }
    }

    private async Task<List<TableEntity>> ReadPartitionAsync(
        string leadId,
        CancellationToken cancellationToken,
        IEnumerable<string>? select = null)
    {
        var rows = new List<TableEntity>();
        var partition = TableClient.CreateQueryFilter($"PartitionKey eq {leadId}");
        await foreach (var row in tables.Leads.QueryAsync<TableEntity>(partition, select: select, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The email index row (only while it still names this lead: a capture during the erasure may have given the
    /// address to a new lead) and the decay review row.
    /// </summary>
    private async Task LeaveLeadIndexesAsync(Lead lead, CancellationToken cancellationToken)
    {
        var emailKey = LeadKeys.EmailKey(lead.Profile.Email);
        var claim = await tables.Emails.GetEntityIfExistsAsync<TableEntity>(emailKey, string.Empty, cancellationToken: cancellationToken);
        if (claim.HasValue && claim.Value!.GetString("LeadId") == lead.LeadId)
        {
            try
            {
                await tables.Emails.DeleteEntityAsync(emailKey, string.Empty, claim.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
                // Taken over by a new lead since it was read (or deleted by a parallel erasure).
            }
        }

        if (lead.Score?.DecayReviewDueAt is { } due)
        {
            var row = LeadKeys.DecayRow(lead.LeadId, due);
            await LeadTables.DeleteIfExistsAsync(tables.DecayReviews, LeadKeys.DecayBucket(due), row, cancellationToken);
        }
    }

    /// <summary>
    /// The lead's row in every stage's index partition, not only its current stage's: a save that lost its race may have
    /// left one behind (eight point deletes; erasures are rare).
    /// </summary>
    private Task LeaveStageIndexAsync(string leadId, CancellationToken cancellationToken) =>
        Task.WhenAll(Enum.GetValues<LeadStage>().Select(stage =>
            LeadTables.DeleteIfExistsAsync(tables.Stages, stage.ToString(), leadId, cancellationToken)));

    /// <summary>The due hand-off and reminder index rows of each of the lead's hand-offs.</summary>
    private async Task LeaveHandoffIndexesAsync(string leadId, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var handoff in rows.Where(row => row.RowKey.StartsWith(LeadKeys.HandoffRowPrefix, StringComparison.Ordinal)))
        {
            var indexRow = LeadKeys.DueHandoffRow(leadId, handoff.RowKey[LeadKeys.HandoffRowPrefix.Length..]);
            await LeadTables.DeleteIfExistsAsync(tables.Handoffs, LeadKeys.DueHandoffsPartition, indexRow, cancellationToken);
            if (handoff.GetDateTimeOffset("ReminderDueAt") is { } reminderDue)
            {
                await LeadTables.DeleteIfExistsAsync(tables.Handoffs, LeadKeys.ReminderBucket(reminderDue), indexRow, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The anonymous visitors the lead claimed (a claim row each), with their events: those that joined it, and those a
    /// claim of its was under way for. A visitor that joined another lead (a refused second claim) is left alone.
    /// </summary>
    private async Task EraseVisitorsAsync(string leadId, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var claim in rows.Where(row => row.RowKey.StartsWith(LeadKeys.VisitorClaimRowPrefix, StringComparison.Ordinal)))
        {
            var visitorKey = claim.RowKey[LeadKeys.VisitorClaimRowPrefix.Length..];
            await TableVisitorStore.EraseClaimedVisitorAsync(tables, visitorKey, leadId, cancellationToken);
        }
    }

    /// <summary>
    /// Every row read but the tombstone, a transaction per 100. A row deleted meanwhile (a parallel erasure deletes the
    /// same rows) fails its transaction with 404: the partition is read again and only the rows still there are deleted.
    /// </summary>
    private async Task DeleteRowsAsync(string leadId, List<TableEntity> rows, CancellationToken cancellationToken)
    {
        var left = rows.Select(row => row.RowKey).Where(key => key != LeadKeys.ErasingRow).ToList();
        while (left.Count > 0)
        {
            var chunk = left.Take(MaxBatch).ToList();
            try
            {
                await tables.Leads.SubmitTransactionAsync(
                    chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(leadId, key))),
                    cancellationToken);
                left.RemoveRange(0, chunk.Count);
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 404)
            {
                var present = (await ReadPartitionAsync(leadId, cancellationToken, ["RowKey"]))
                    .Select(row => row.RowKey)
                    .ToHashSet(StringComparer.Ordinal);
                left = [.. left.Where(present.Contains)];
            }
        }
    }
}
