using LeadFunctions.Http.Sales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>
/// The sales loop: the hand-off page the SQL email links to (anonymous: its signed token is the capability; GET shows
/// the lead, POST takes the rep's decision) and the status API for CRMs and scripts (function key).
/// </summary>
public sealed class SalesFunctions(HandoffPageEndpoint page, LeadStatusEndpoint status)
{
    [Function("GetHandoffPage")]
    public Task<IActionResult> GetHandoffPageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Handoff)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        page.GetAsync(token, cancellationToken);

    [Function("PostHandoffAction")]
    public Task<IActionResult> PostHandoffActionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Handoff)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        page.PostAsync(token, request, cancellationToken);

    [Function("PostLeadStatus")]
    public Task<IActionResult> PostLeadStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.LeadStatus)] HttpRequest request,
        string leadId,
        CancellationToken cancellationToken) =>
        status.PostAsync(leadId, request, cancellationToken);
}
