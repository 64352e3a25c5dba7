using LeadFunctions.Leads;

namespace LeadFunctions.Testing.Visitors;

/// <summary>One visitor's partition in <see cref="Leads.InMemoryLeadTables"/>: its claim and the events it holds.</summary>
internal sealed class InMemoryVisitor
{
    /// <summary>The lead it joined; null while it is anonymous.</summary>
    public string? LeadId { get; set; }

    /// <summary>Its events (by source and event id) with when each was received.</summary>
    public Dictionary<(string Source, string EventId), (StoredEvent Event, DateTimeOffset ReceivedAt)> Events { get; } = [];
}
