namespace LeadFunctions.Leads;

/// <summary>Reads leads for the API: one by id, or a page of a stage.</summary>
public sealed class LeadQueryService(ILeadStore store)
{
    public const int MaxPageSize = 200;

    public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken = default) =>
        Lead.IsValidLeadId(leadId) ? store.GetLeadAsync(leadId, cancellationToken) : Task.FromResult<Lead?>(null);

    public Task<LeadPage> ListByStageAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default) =>
        store.ListLeadsByStageAsync(stage, continuationToken, Math.Clamp(pageSize, 1, MaxPageSize), cancellationToken);
}
