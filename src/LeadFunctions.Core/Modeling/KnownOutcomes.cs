using System.Collections.Concurrent;
using LeadFunctions.Leads;

namespace LeadFunctions.Modeling;

/// <summary>
/// Reads the leads whose outcome is known (stage Won, Lost or Disqualified) through the stage index, a page at a time,
/// each with its events and the time of its outcome: the one place that says which leads a model can be judged or
/// fitted on. Reads only; a lead that moves between outcome stages during a long read can be seen twice or not at all
/// (the index is read as it is at each page).
/// </summary>
public sealed class KnownOutcomes(ILeadStore store)
{
    private const int ReadParallelism = 8;

    /// <summary>The outcome stages in the order they are read.</summary>
    public static IReadOnlyList<LeadStage> Stages { get; } = [LeadStage.Won, LeadStage.Lost, LeadStage.Disqualified];

    /// <summary>
    /// The page at <paramref name="cursor"/>: at most <paramref name="pageSize"/> index rows of its stage (stale index
    /// rows and erased leads are left out, so a page may hold fewer), in the index's order.
    /// </summary>
    public async Task<KnownOutcomePage> ReadPageAsync(OutcomeCursor cursor, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var page = await store.ListLeadsByStageAsync(cursor.Stage, cursor.ContinuationToken, pageSize, cancellationToken);
        var states = new ConcurrentDictionary<int, LeadScoringState>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, page.Leads.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                if (await store.GetScoringStateAsync(page.Leads[index].LeadId, token) is { } state)
                {
                    states[index] = state;
                }
            });

        var outcomes = new List<KnownOutcome>(page.Leads.Count);
        var skipped = 0;
        for (var index = 0; index < page.Leads.Count; index++)
        {
            if (states.TryGetValue(index, out var state) && OutcomeOf(state) is { } outcome)
            {
                outcomes.Add(outcome);
            }
            else if (state is not null)
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
    /// The lead's outcome and when it was decided (its last stage change into its current outcome stage); null when the
    /// lead is not at an outcome stage (it moved on since the index row was read) or no stage change records it.
    /// </summary>
    public static KnownOutcome? OutcomeOf(LeadScoringState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var stage = state.Lead.Stage;
        if (!Stages.Contains(stage) || state.Lead.Score is not { } score)
        {
            return null;
        }

        for (var i = score.StageHistory.Count - 1; i >= 0; i--)
        {
            if (score.StageHistory[i].To == stage)
            {
                return new KnownOutcome(state, stage, score.StageHistory[i].At);
            }
        }

        return null;
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
