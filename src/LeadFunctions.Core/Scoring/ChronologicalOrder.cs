using LeadFunctions.Engagement;

namespace LeadFunctions.Scoring;

/// <summary>
/// Earliest first; ties by id then position, so that repeat limits and duplicates resolve the same way whatever
/// order the events were read in.
/// </summary>
/// <param name="events">The events by input position.</param>
internal readonly struct ChronologicalOrder(EngagementEvent[] events) : IComparer<int>
{
    public int Compare(int x, int y)
    {
        var byTime = events[x].OccurredAt.UtcTicks.CompareTo(events[y].OccurredAt.UtcTicks);
        if (byTime != 0)
        {
            return byTime;
        }

        var byId = string.CompareOrdinal(events[x].EventId, events[y].EventId);
        return byId != 0 ? byId : x.CompareTo(y);
    }
}
