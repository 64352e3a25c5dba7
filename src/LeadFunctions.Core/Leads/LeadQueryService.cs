namespace LeadFunctions.Leads;

/// <summary>Reads leads for the API: one by id, or a page of a stage.</summary>
public sealed class LeadQueryService(ILeadRepository leads)
{
    public const int MaxPageSize = 200;

    public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken = default) =>
        Lead.IsValidLeadId(leadId) ? leads.GetLeadAsync(leadId, cancellationToken) : Task.FromResult<Lead?>(null);

    public Task<LeadPage> ListByStageAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default) =>
        leads.ListLeadsByStageAsync(stage, continuationToken, Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken);
}
