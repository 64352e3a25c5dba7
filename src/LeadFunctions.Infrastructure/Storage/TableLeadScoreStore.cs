using Azure;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Qualification;
using LeadFunctions.Reporting;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="ILeadScoreStore"/> on the lead tables: the scoring state is one query of the lead's partition, and a new
/// score is one entity group transaction of the lead row (guarded by its ETag), the hand-off it requires and the funnel's
/// journal rows. The index rows it needs (due hand-off, decay review, stage) are written before and verified when read,
/// so a crash between two writes leaves at most a stale index row, never a lost lead. See docs/storage-design.md.
/// </summary>
public sealed class TableLeadScoreStore(LeadTables tables, TableFunnelStore funnel) : ILeadScoreStore
{
    /// <summary>Index rows per query of outcome snapshots (a row is 1 to 10 KiB with its snapshot).</summary>
    internal const int SnapshotQueryRows = 100;

    public async Task<LeadScoringState?> GetScoringStateAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            return null;
        }

        await tables.EnsureTablesAsync(cancellationToken);
        Lead? lead = null;
        var events = new List<EngagementEvent>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {leadId}");
        await foreach (var entity in tables.Leads.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
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
        await tables.EnsureTablesAsync(cancellationToken);
        await EnterScoreIndexesAsync(current, score, handoff, cancellationToken);
        var updated = current with { Score = score, UpdatedAt = now };
        var entries = await funnel.PrepareAsync(current, updated, cancellationToken);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, LeadEntityMapper.LeadEntity(updated), StageIndex.ETagOf(current)),
        };
        if (handoff is not null)
        {
            actions.Add(new(TableTransactionActionType.Add, LeadEntityMapper.HandoffEntity(handoff)));
        }

        actions.AddRange(TableFunnelStore.JournalActions(entries));
        try
        {
            await tables.Leads.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            if (exception.Status == 404)
            {
                await ForgetScoreIndexesAsync(current, score, handoff, entries, cancellationToken);
            }

            return false;
        }

        await funnel.ApplyAsync(entries, cancellationToken);
        await LeaveScoreIndexesAsync(current, score, cancellationToken);
        return true;
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
            await tables.Handoffs.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }

        if (score.DecayReviewDueAt is { } due && due != current.Score?.DecayReviewDueAt)
        {
            var row = new TableEntity(LeadKeys.DecayBucket(due), LeadKeys.DecayRow(leadId, due))
            {
                ["LeadId"] = leadId,
                ["DueAtTicks"] = due.UtcTicks,
            };
            await tables.DecayReviews.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }

        await StageIndex.EnterAsync(tables.Stages, current, score, cancellationToken);
    }

    public async Task SaveOutcomeSnapshotAsync(LeadScoringState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var lead = state.Lead;
        if (!lead.Stage.IsOutcome())
        {
            throw new ArgumentException("Only a lead at an outcome stage has an outcome snapshot.", nameof(state));
        }

        var row = new TableEntity(lead.Stage.ToString(), lead.LeadId);
        if (KnownOutcomes.OutcomeOf(state) is { } outcome)
        {
            row[StageIndex.EnteredAtProperty] = outcome.OutcomeAt.UtcTicks;

            // Too large for a row: the row is written without one (a snapshot of an older state must not stay behind).
            OutcomeSnapshotCodec.TryWrite(outcome, row);
        }
        await tables.EnsureTablesAsync(cancellationToken);
        try
        {
            // Replace under "*": only a row that exists; a lead that left the stage meanwhile has no row to bring back.
            await tables.Stages.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> rows as queries of at most <see cref="SnapshotQueryRows"/>, one after the other,
    /// each decoded as it answers (about a microsecond a row: sending the next query before decoding saved nothing and
    /// kept two threads busy). A query may answer fewer rows than asked with a continuation: the next one goes on from it.
    /// </summary>
    public async Task<OutcomeSnapshotPage> ListOutcomeSnapshotsAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await tables.EnsureTablesAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {stage.ToString()}");
        var entries = new List<OutcomeSnapshot>(Math.Min(pageSize, 1_000));
        var token = continuationToken;
        var strings = new AsciiStringCache();
        do
        {
            var page = await QuerySnapshotsAsync(filter, token, Math.Min(pageSize - entries.Count, SnapshotQueryRows), cancellationToken);
            token = page?.ContinuationToken;
            foreach (var row in page?.Values ?? [])
            {
                entries.Add(new OutcomeSnapshot(row.RowKey, OutcomeSnapshotCodec.Read(row, strings)));
            }
        }
        while (token is not null && entries.Count < pageSize);

        return new OutcomeSnapshotPage(entries, token);
    }

    /// <summary>One query of an outcome stage's index rows from <paramref name="continuationToken"/>: one request.</summary>
    private async Task<Page<TableEntity>?> QuerySnapshotsAsync(
        string filter, string? continuationToken, int rows, CancellationToken cancellationToken)
    {
        await foreach (var page in tables.Stages.QueryAsync<TableEntity>(filter, rows, cancellationToken: cancellationToken)
            .AsPages(continuationToken, rows))
        {
            return page;
        }

        return null;
    }

    /// <summary>The index rows the saved score made stale: best effort (readers skip stale rows anyway).</summary>
    private async Task LeaveScoreIndexesAsync(Lead current, StoredScore score, CancellationToken cancellationToken)
    {
        if (current.Score?.DecayReviewDueAt is { } oldDue && oldDue != score.DecayReviewDueAt)
        {
            var row = LeadKeys.DecayRow(current.LeadId, oldDue);
            await LeadTables.DeleteIfExistsAsync(tables.DecayReviews, LeadKeys.DecayBucket(oldDue), row, cancellationToken);
        }

        await StageIndex.LeaveAsync(tables.Stages, current.LeadId, StageIndex.PreviousStage(current), score.Stage, cancellationToken);
    }

    /// <summary>
    /// The index rows a save wrote before its transaction found no lead row (the lead is erased, or being erased: its
    /// erasure may have deleted its index rows before these were written). They name a lead that will never be back.
    /// </summary>
    private async Task ForgetScoreIndexesAsync(
        Lead current,
        StoredScore score,
        SalesHandoff? handoff,
        IReadOnlyList<FunnelEntry> entries,
        CancellationToken cancellationToken)
    {
        var leadId = current.LeadId;
        if (handoff is not null)
        {
            var row = LeadKeys.DueHandoffRow(leadId, handoff.HandoffId);
            await LeadTables.DeleteIfExistsAsync(tables.Handoffs, LeadKeys.DueHandoffsPartition, row, cancellationToken);
        }

        if (score.DecayReviewDueAt is { } due && due != current.Score?.DecayReviewDueAt)
        {
            var row = LeadKeys.DecayRow(leadId, due);
            await LeadTables.DeleteIfExistsAsync(tables.DecayReviews, LeadKeys.DecayBucket(due), row, cancellationToken);
        }

        await StageIndex.ForgetAsync(tables.Stages, leadId, StageIndex.PreviousStage(current), score.Stage, cancellationToken);
        await funnel.ForgetAsync(entries, cancellationToken);
    }
}
