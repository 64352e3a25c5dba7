using System.Globalization;
using LeadFunctions.Sales;

namespace LeadFunctions.Leads;

/// <summary>
/// Keeps a lead's stage history bounded, so that its stored row stays writable however many actions it sees: the newest
/// <see cref="KeptInFull"/> changes stay in full as long as their text fits <see cref="MaxKeptTextLength"/>; older ones
/// are compacted into counts per transition (<see cref="StageTransitionCount"/>). Three older changes stay in full
/// whatever their age, because the sales loop reads them: the latest hand-off (the latest move into SQL by the scores),
/// the move into the current stage, and the latest outcome. Pure; both stores save what it returns.
/// </summary>
public static class StageHistoryCompaction
{
    /// <summary>How many of the newest stage changes are kept in full.</summary>
    public const int KeptInFull = 100;

    /// <summary>
    /// The most text (reasons, actors and notes, counted as stored at worst: <see cref="StoredLength"/>) the full changes
    /// may hold: 100 changes with the longest notes, actors and reasons fit, even with every character escaped twice over.
    /// </summary>
    public const int MaxKeptTextLength = 300_000;

    /// <summary>What each change adds to its stored size beyond its text (stages, times, names of the fields).</summary>
    public const int ChangeOverhead = 200;

    /// <summary>The score with its history within the bounds (the same instance when it already was).</summary>
    public static StoredScore Compact(StoredScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var history = score.StageHistory;
        if (history.Count <= KeptInFull && history.Sum(StoredLength) <= MaxKeptTextLength)
        {
            return score;
        }

        var pinned = Pinned(score);
        var keep = new bool[history.Count];
        var (kept, text) = (0, 0L);
        foreach (var i in pinned)
        {
            keep[i] = true;
            kept++;
            text += StoredLength(history[i]);
        }

        for (var i = history.Count - 1; i >= 0; i--)
        {
            var length = StoredLength(history[i]);
            if (keep[i] || kept >= KeptInFull || text + length > MaxKeptTextLength)
            {
                continue;
            }

            keep[i] = true;
            kept++;
            text += length;
        }

        return score with
        {
            StageHistory = [.. history.Where((_, i) => keep[i])],
            CompactedHistory = Counted(score.CompactedHistory, history.Where((_, i) => !keep[i])),
        };
    }

    /// <summary>How many stage changes the lead has had in all: those kept in full and those compacted.</summary>
    public static int ChangeCount(StoredScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return score.StageHistory.Count + score.CompactedHistory.Sum(transition => transition.Count);
    }

    /// <summary>
    /// A change's stored size at worst: its text as JSON may escape it (a quote, backslash or line break takes 2
    /// characters; a character outside letters, marks, numbers, punctuation and symbols, such as half of an emoji, 6),
    /// plus <see cref="ChangeOverhead"/>.
    /// </summary>
    public static int StoredLength(StageChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return ChangeOverhead + Escaped(change.Reason) + Escaped(change.Actor) + Escaped(change.Note);
    }

    private static int Escaped(string? text)
    {
        var length = 0;
        foreach (var character in text ?? string.Empty)
        {
            length += character switch
            {
                '"' or '\\' or '\n' or '\r' or '\t' => 2,
                >= ' ' and <= '~' => 1,
                _ => char.GetUnicodeCategory(character) switch
                {
                    UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                        or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                        or UnicodeCategory.ParagraphSeparator => 6,
                    _ => 1,
                },
            };
        }

        return length;
    }

    /// <summary>The indexes of the changes kept whatever their age (see the type's summary).</summary>
    private static HashSet<int> Pinned(StoredScore score)
    {
        var history = score.StageHistory;
        var outcome = SalesTransitions.LatestOutcome(history);
        var pinned = new HashSet<int>();
        int? handoff = null, current = null;
        for (var i = history.Count - 1; i >= 0; i--)
        {
            var change = history[i];
            handoff ??= change.IsMove && change.To == LeadStage.SQL && change.Action is null ? i : null;
            current ??= change.IsMove && change.To == score.Stage ? i : null;
            if (ReferenceEquals(change, outcome) || i == handoff || i == current)
            {
                pinned.Add(i);
            }
        }

        return pinned;
    }

    /// <summary>The earlier counts with <paramref name="compacted"/> added, one row per transition, in a stable order.</summary>
    private static StageTransitionCount[] Counted(IReadOnlyList<StageTransitionCount> earlier, IEnumerable<StageChange> compacted)
    {
        var counts = earlier.ToDictionary(count => (count.From, count.To, count.RecordedAsHistory));
        foreach (var change in compacted)
        {
            var key = (change.From, change.To, change.RecordedAsHistory);
            counts[key] = counts.TryGetValue(key, out var count)
                ? count with
                {
                    Count = count.Count + 1,
                    FirstAt = change.At < count.FirstAt ? change.At : count.FirstAt,
                    LastAt = change.At > count.LastAt ? change.At : count.LastAt,
                }
                : new StageTransitionCount(change.From, change.To, 1, change.At, change.At)
                {
                    RecordedAsHistory = change.RecordedAsHistory,
                };
        }

        return
        [
            .. counts.Values
                .OrderBy(count => count.FirstAt)
                .ThenBy(count => count.From)
                .ThenBy(count => count.To)
                .ThenBy(count => count.RecordedAsHistory),
        ];
    }
}
