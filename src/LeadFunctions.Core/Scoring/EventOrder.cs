using LeadFunctions.Engagement;

namespace LeadFunctions.Scoring;

/// <summary>The order in which the engine counts events: <see cref="ChronologicalOrder"/>, computed without allocating.</summary>
internal static class EventOrder
{
    /// <summary>
    /// Fills <paramref name="order"/> with the positions of the first <paramref name="count"/> of
    /// <paramref name="events"/> in chronological order and <paramref name="ticks"/> with each position's time.
    /// </summary>
    public static void SortByTime(EngagementEvent[] events, int count, int[] order, long[] ticks)
    {
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
                items[start..end].Sort(new ChronologicalOrder(events));
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
