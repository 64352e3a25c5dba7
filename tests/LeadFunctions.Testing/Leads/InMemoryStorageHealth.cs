using LeadFunctions.Diagnostics;

namespace LeadFunctions.Testing.Leads;

/// <summary><see cref="IStorageHealth"/> in this process: always available.</summary>
public sealed class InMemoryStorageHealth : IStorageHealth
{
    public Task CheckAvailabilityAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
}
