namespace LeadFunctions.Diagnostics;

/// <summary>The port the health check asks whether the lead storage answers.</summary>
public interface IStorageHealth
{
    /// <summary>Completes when the store answers (one cheap request); throws when it cannot be reached.</summary>
    Task CheckAvailabilityAsync(CancellationToken cancellationToken = default);
}
