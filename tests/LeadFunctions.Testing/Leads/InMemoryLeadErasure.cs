using LeadFunctions.Leads;

namespace LeadFunctions.Testing.Leads;

/// <summary>
/// <see cref="ILeadErasure"/> over <see cref="InMemoryLeadTables"/>: two steps, as on the tables: the lead is marked
/// (<see cref="InMemoryLeadTables.BeginErasure"/>), then removed with its index rows.
/// </summary>
public sealed class InMemoryLeadErasure : ILeadErasure
{
    private readonly InMemoryLeadTables _tables;

    internal InMemoryLeadErasure(InMemoryLeadTables tables) => _tables = tables;

    public Task EraseLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (Lead.IsValidLeadId(leadId))
        {
            _tables.BeginErasure(leadId);
            lock (_tables.Gate)
            {
                _tables.Erase(leadId);
            }
        }

        return Task.CompletedTask;
    }
}
