using LeadFunctions.Http.Admin;
using LeadFunctions.Http.Leads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>Reading, listing, erasing and rescoring leads (function key), and the health route (anonymous).</summary>
public sealed class LeadApiFunctions(LeadsEndpoint leads, AdminEndpoint admin)
{
    [Function("GetLead")]
    public Task<IActionResult> GetLeadAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Lead)] HttpRequest request,
        string leadId,
        CancellationToken cancellationToken) =>
        leads.GetAsync(leadId, cancellationToken);

    [Function("ListLeads")]
    public Task<IActionResult> ListLeadsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Leads)] HttpRequest request,
        CancellationToken cancellationToken) =>
        leads.ListAsync(request, cancellationToken);

    [Function("DeleteLead")]
    public Task<IActionResult> DeleteLeadAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiRoutes.Lead)] HttpRequest request,
        string leadId,
        CancellationToken cancellationToken) =>
        leads.DeleteAsync(leadId, cancellationToken);

    [Function("RescoreAll")]
    public Task<IActionResult> RescoreAllAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Rescore)] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.RescoreAllAsync(cancellationToken);

    [Function("Health")]
    public Task<IActionResult> HealthAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request,
        CancellationToken cancellationToken) =>
        admin.HealthAsync(cancellationToken);
}
