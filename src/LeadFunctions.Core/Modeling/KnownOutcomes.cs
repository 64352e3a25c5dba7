using System.Collections.Concurrent;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;

namespace LeadFunctions.Modeling;

/// <summary>
/// Reads the leads whose outcome is known (stage Won, Lost or Disqualified) through the stage index, a page at a time,
/// each with its events and the time of its outcome: the one place that says which leads a model can be judged or
/// fitted on. Reads only; a lead that moves between outcome stages during a long read can be seen twice or not at all
/// (the index is read as it is at each page).
/// </summary>
public sealed class KnownOutcomes(ILeadRepository leads, ILeadScoreStore scores)
{
    private const int ReadParallelism = 8;

    /// <summary>The most outcomes <see cref="ReadMostRecentAsync"/> keeps by default; a constant, not a setting.</summary>
    public const int MaxRecentLeads = 50_000;

    /// <summary>Index rows per page when only the index is read (a Table Storage query page holds at most 1,000).</summary>
    private const int IndexPageSize = 1_000;

    /// <summary>
    /// Outcomes per page of a backtest or suggestion job (one queue message): 1,000 index rows, which the store reads as
    /// ten queries, the next under way while the last is decoded. A message's own requests (the job, the page stored,
    /// the next message, progress) are spread over ten times the leads that pages of 100 gave them.
    /// </summary>
    public const int JobPageSize = 1_000;

    /// <summary>The outcome stages in the order they are read.</summary>
    public static IReadOnlyList<LeadStage> Stages { get; } = [LeadStage.Won, LeadStage.Lost, LeadStage.Disqualified];

    /// <summary>
    /// The page at <paramref name="cursor"/>: at most <paramref name="pageSize"/> index rows of its stage (stale index
    /// rows and erased leads are left out, so a page may hold fewer), in the index's order. The rows' outcome snapshots
    /// (<see cref="ILeadScoreStore.ListOutcomeSnapshotsAsync"/>) make a page one read per 100 rows; a row without one
    /// costs a read of its lead, as every row did before snapshots were kept.
    /// </summary>
    public async Task<KnownOutcomePage> ReadPageAsync(OutcomeCursor cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var page = await scores.ListOutcomeSnapshotsAsync(cursor.Stage, cursor.ContinuationToken, pageSize, cancellationToken);
        var entries = page.Entries;
        var read = new KnownOutcome?[entries.Count];
        var found = new bool[entries.Count];
        var unread = new List<int>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Outcome is { } snapshot)
            {
                (read[i], found[i]) = (snapshot, snapshot.Outcome == cursor.Stage);
            }
            else
            {
                unread.Add(i);
            }
        }

        // Rows without a snapshot: their leads, eight reads at a time.
        await Parallel.ForEachAsync(
            unread,
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                if (await scores.GetScoringStateAsync(entries[index].LeadId, token) is { } state && state.Lead.Stage == cursor.Stage)
                {
                    (read[index], found[index]) = (OutcomeOf(state), true);
                }
            });

        var outcomes = new List<KnownOutcome>(entries.Count);
        var skipped = 0;
        for (var i = 0; i < read.Length; i++)
        {
            // A stale row (the lead moved on to another stage, or is gone) is left out, as before; a lead at the stage
            // whose history does not say when it got there is counted as skipped.
            if (read[i] is { } outcome && found[i])
            {
                outcomes.Add(outcome);
            }
            else if (found[i])
            {
                skipped++;
            }
        }

        return new KnownOutcomePage(outcomes, NextCursor(cursor.Stage, page.ContinuationToken), skipped);
    }

    /// <summary>Every page from <see cref="OutcomeCursor.First"/> to the last.</summary>
    public async IAsyncEnumerable<KnownOutcomePage> ReadAllAsync(
        int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        OutcomeCursor? cursor = OutcomeCursor.First;
        while (cursor is not null)
        {
            var page = await ReadPageAsync(cursor, pageSize, cancellationToken);
            yield return page;
            cursor = page.Next;
        }
    }

    /// <summary>
    /// The <paramref name="maxLeads"/> most recent outcomes (ties broken by lead id), ordered by lead id, and how many
    /// outcomes were found in all. Read through the stage index only: its rows carry when each lead moved into the stage,
    /// so the newest are chosen from the index, and only those leads are read (to check each row against its lead; a
    /// row left behind by a lead that moved on is dropped and the next newest takes its place). Rows written before the
    /// index carried the time are checked as they are met. Memory stays bounded however many outcomes there are.
    /// <c>Found</c> counts the index rows with a time, less those found stale.
    /// </summary>
    public async Task<(IReadOnlyList<RecordedOutcome> Outcomes, int Found)> ReadMostRecentAsync(
        int maxLeads = MaxRecentLeads,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLeads, 1);
        var checkedRows = new ConcurrentDictionary<(string LeadId, LeadStage Stage), RecordedOutcome?>();
        while (true)
        {
            var (newest, found) = await ReadNewestRowsAsync(maxLeads, checkedRows, cancellationToken);
            await Parallel.ForEachAsync(
                newest.Where(row => !checkedRows.ContainsKey((row.LeadId, row.Stage))),
                new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
                async (row, token) => checkedRows[(row.LeadId, row.Stage)] = await CheckAsync(row.LeadId, row.Stage, token));

            // A stale row among the newest frees its place for an older row: read the index again without it.
            if (newest.All(row => checkedRows[(row.LeadId, row.Stage)] is not null))
            {
                var outcomes = newest.Select(row => checkedRows[(row.LeadId, row.Stage)]!);
                return ([.. outcomes.OrderBy(outcome => outcome.LeadId, StringComparer.Ordinal)], found);
            }
        }
    }

    /// <summary>
    /// One pass over the index of the outcome stages: the <paramref name="maxLeads"/> newest rows not known to be stale
    /// (rows without a time are checked here, against their lead), and how many there are in all.
    /// </summary>
    private async Task<(IReadOnlyList<RecordedOutcome> Newest, int Found)> ReadNewestRowsAsync(
        int maxLeads,
        ConcurrentDictionary<(string LeadId, LeadStage Stage), RecordedOutcome?> checkedRows,
        CancellationToken cancellationToken)
    {
        var kept = new PriorityQueue<RecordedOutcome, (long Ticks, string LeadId)>(Comparer<(long Ticks, string LeadId)>.Create(
            (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.LeadId, b.LeadId)));
        var found = 0;
        for (var cursor = OutcomeCursor.First; cursor is not null;)
        {
            var page = await leads.ListStageEntriesAsync(cursor.Stage, cursor.ContinuationToken, IndexPageSize, cancellationToken);
            foreach (var entry in page.Entries)
            {
                var key = (entry.LeadId, cursor.Stage);
                if (entry.EnteredAt is null && !checkedRows.ContainsKey(key))
                {
                    checkedRows[key] = await CheckAsync(entry.LeadId, cursor.Stage, cancellationToken);
                }

                var outcome = checkedRows.TryGetValue(key, out var known)
                    ? known
                    : new RecordedOutcome(entry.LeadId, cursor.Stage, entry.EnteredAt!.Value);
                if (outcome is not null)
                {
                    found++;
                    Keep(kept, outcome, maxLeads);
                }
            }

            cursor = NextCursor(cursor.Stage, page.ContinuationToken);
        }

        return ([.. kept.UnorderedItems.Select(item => item.Element)], found);
    }

    /// <summary>The outcome an index row stands for, read from its lead; null when the row is stale (or the lead gone).</summary>
    private async Task<RecordedOutcome?> CheckAsync(string leadId, LeadStage stage, CancellationToken cancellationToken) =>
        await leads.GetLeadAsync(leadId, cancellationToken) is { } lead && lead.Stage == stage && OutcomeTime(lead, stage) is { } at
            ? new RecordedOutcome(leadId, stage, at)
            : null;

    /// <summary>When the lead last moved into <paramref name="stage"/>; null when no stage change records it.</summary>
    public static DateTimeOffset? OutcomeTime(Lead lead, LeadStage stage)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var history = lead.Score?.StageHistory ?? [];
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].To == stage && history[i].IsMove)
            {
                return history[i].At;
            }
        }

        return null;
    }

    /// <summary>
    /// The lead's outcome and when it was decided (its last stage change into its current outcome stage); null when the
    /// lead is not at an outcome stage (it moved on since the index row was read) or no stage change records it.
    /// </summary>
    public static KnownOutcome? OutcomeOf(LeadScoringState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var stage = state.Lead.Stage;
        return Stages.Contains(stage) && OutcomeTime(state.Lead, stage) is { } at ? KnownOutcome.Of(state, stage, at) : null;
    }

    /// <summary>Adds the outcome while fewer than <paramref name="maxLeads"/> are kept; then it replaces the oldest if newer.</summary>
    private static void Keep(PriorityQueue<RecordedOutcome, (long Ticks, string LeadId)> kept, RecordedOutcome outcome, int maxLeads)
    {
        if (kept.Count < maxLeads)
        {
            kept.Enqueue(outcome, (outcome.At.UtcTicks, outcome.LeadId));
        }
        else
        {
            kept.EnqueueDequeue(outcome, (outcome.At.UtcTicks, outcome.LeadId));
        }
    }

    private static OutcomeCursor? NextCursor(LeadStage stage, string? continuationToken)
    {
        if (continuationToken is not null)
        {
            return new OutcomeCursor(stage, continuationToken);
        }

        var next = ((IList<LeadStage>)Stages).IndexOf(stage) + 1;
        return next < Stages.Count ? new OutcomeCursor(Stages[next], null) : null;
    }
}
