using Azure.Data.Tables;
using LeadFunctions.Diagnostics;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary><see cref="IStorageHealth"/> on the lead tables: the tables exist (created once) and one point read answers.</summary>
public sealed class TableStorageHealth(LeadTables tables) : IStorageHealth
{
    public async Task CheckAvailabilityAsync(CancellationToken cancellationToken = default)
    {
        await tables.EnsureTablesAsync(cancellationToken);
        await tables.Leads.GetEntityIfExistsAsync<TableEntity>("health", "probe", cancellationToken: cancellationToken);
    }
}
