using Microsoft.Extensions.Logging;

namespace LeadFunctions.Leads;

/// <summary>GDPR erasure: removes a lead, its events, its pending hand-offs and its index entries. Idempotent.</summary>
public sealed partial class LeadErasureService(ILeadErasure erasure, ILogger<LeadErasureService> logger)
{
    /// <summary>False only when the id is not shaped like a lead id (nothing is touched then).</summary>
    public async Task<bool> EraseAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            return false;
        }

        await erasure.EraseLeadAsync(leadId, cancellationToken);
        LogErased(logger, leadId);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased lead {LeadId} and everything about it")]
    private static partial void LogErased(ILogger logger, string leadId);
}
