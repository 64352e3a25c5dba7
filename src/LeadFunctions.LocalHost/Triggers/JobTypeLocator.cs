using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>Hands the WebJobs indexer exactly the emitted queue jobs (instead of scanning every loaded assembly).</summary>
internal sealed class JobTypeLocator(IReadOnlyList<Type> types) : ITypeLocator
{
    public IReadOnlyList<Type> GetTypes() => types;
}
