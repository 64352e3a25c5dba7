using LeadFunctions.Leads;

namespace LeadFunctions.Visitors;

/// <summary>The bound on what is kept of a visitor before it identifies: its newest events.</summary>
public static class VisitorEvents
{
    /// <summary>The most events kept per visitor (the newest by when they happened); older ones are dropped.</summary>
    public const int MaxPerVisitor = 500;

    /// <summary>
    /// The newest <see cref="MaxPerVisitor"/> of <paramref name="events"/>, newest first (ties by source and event id,
    /// ordinal, so the choice is the same on every run).
    /// </summary>
    public static IReadOnlyList<StoredEvent> Newest(IEnumerable<StoredEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events
            .OrderByDescending(stored => stored.Event.OccurredAt)
            .ThenBy(stored => stored.Source, StringComparer.Ordinal)
            .ThenBy(stored => stored.Event.EventId, StringComparer.Ordinal)
            .Take(MaxPerVisitor)];
    }
}
