using System.Buffers;
using LeadFunctions.Engagement;

namespace LeadFunctions.Scoring;

/// <summary>
/// A lead's events in the order the engine counts them (<see cref="EventOrder"/>), held in arrays rented for one
/// scoring: the list is read once, and the tally then reads arrays instead of calling the list for every event.
/// Dispose returns the arrays (the events' array cleared, so the pool holds no event).
/// </summary>
internal readonly struct ChronologicalEvents : IDisposable
{
    private readonly EngagementEvent[] _byPosition;
    private readonly int[] _order;
    private readonly long[] _ticks;

    public ChronologicalEvents(IReadOnlyList<EngagementEvent> events)
    {
        Count = events.Count;
        _byPosition = ArrayPool<EngagementEvent>.Shared.Rent(Count);
        _order = ArrayPool<int>.Shared.Rent(Count);
        _ticks = ArrayPool<long>.Shared.Rent(Count);
        CopyTo(events, _byPosition);
        EventOrder.SortByTime(_byPosition, Count, _order, _ticks);
    }

    public int Count { get; }

    /// <summary>The event at <paramref name="position"/> in chronological order.</summary>
    public EngagementEvent this[int position] => _byPosition[_order[position]];

    /// <summary>The time of the event at <paramref name="position"/>, in UTC ticks.</summary>
    public long UtcTicksAt(int position) => _ticks[position];

    /// <summary>The events into <paramref name="target"/>: an array or a list is copied as a block, without a call per event.</summary>
    private static void CopyTo(IReadOnlyList<EngagementEvent> events, EngagementEvent[] target)
    {
        switch (events)
        {
            case EngagementEvent[] array:
                array.CopyTo(target, 0);
                break;
            case List<EngagementEvent> list:
                list.CopyTo(target);
                break;
            default:
                for (var i = 0; i < events.Count; i++)
                {
                    target[i] = events[i];
                }

                break;
        }
    }

    public void Dispose()
    {
        ArrayPool<EngagementEvent>.Shared.Return(_byPosition, clearArray: true);
        ArrayPool<int>.Shared.Return(_order);
        ArrayPool<long>.Shared.Return(_ticks);
    }
}
