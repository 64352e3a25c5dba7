using LeadFunctions.Leads;
using LeadFunctions.Visitors;

namespace LeadFunctions.Testing.Leads;

/// <summary>One lead's partition of the Leads table in <see cref="InMemoryLeadTables"/>.</summary>
internal sealed class InMemoryLeadPartition(Lead lead, IEnumerable<StoredEvent> events)
{
    private readonly List<StoredEvent> _events = [.. events];

    /// <summary>Built on the first append (a seeded store of many leads does without).</summary>
    private HashSet<(string Source, string EventId)>? _eventKeys;

    public Lead Lead { get; set; } = lead;

    /// <summary>Its erasure began: gone to readers, refused to writers.</summary>
    public bool Erasing { get; set; }

    public IReadOnlyList<StoredEvent> Events => _events;

    public Dictionary<string, SalesHandoff> Handoffs { get; } = new(StringComparer.Ordinal);

    /// <summary>The external ids of the sales statuses recorded for the lead.</summary>
    public Dictionary<string, SalesStatusReceipt> Receipts { get; } = new(StringComparer.Ordinal);

    /// <summary>The anonymous visitors the lead claimed (joined, or refused because another lead has them).</summary>
    public HashSet<VisitorKey> VisitorClaims { get; } = [];

    public bool Holds(StoredEvent stored) =>
        (_eventKeys ??= [.. _events.Select(InMemoryLeadTables.EventKey)]).Contains(InMemoryLeadTables.EventKey(stored));

    public void Add(IEnumerable<StoredEvent> added)
    {
        foreach (var stored in added)
        {
            _events.Add(stored);
            _eventKeys?.Add(InMemoryLeadTables.EventKey(stored));
        }
    }
}
