using LeadFunctions.Engagement;

namespace LeadFunctions.Benchmarks.Baseline;

/// <summary>The order in which the engine counts events: <see cref="BaselineChronologicalOrder"/>, computed without allocating.</summary>
internal static class BaselineEventOrder
{
    /// <summary>
    /// Fills <paramref name="order"/> with the indexes of <paramref name="events"/> in chronological order and
    /// <paramref name="ticks"/> with each position's time (both rented, at least as long as the events).
    /// </summary>
    public static void SortByTime(IReadOnlyList<EngagementEvent> events, int[] order, long[] ticks)
    {
        var count = events.Count;
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
            ticks[i] = events[i].OccurredAt.UtcTicks;
        }

        // Events read from the store arrive in time order: then only runs of equal times need ordering. Otherwise a
        // primitive sort by time first.
        var keys = ticks.AsSpan(0, count);
        var items = order.AsSpan(0, count);
        if (!IsSorted(keys))
        {
            keys.Sort(items);
        }

        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                items[start..end].Sort(new BaselineChronologicalOrder(events));
            }

            start = end;
        }
    }

    private static bool IsSorted(ReadOnlySpan<long> keys)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i - 1] > keys[i])
            {
                return false;
            }
        }

        return true;
    }
}
