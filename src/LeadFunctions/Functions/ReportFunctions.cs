using LeadFunctions.Http.Reporting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>Reports (function key; the HTML form takes it as <c>code=</c> in the query).</summary>
public sealed class ReportFunctions(FunnelReportEndpoint funnel)
{
    [Function("FunnelReport")]
    public Task<IActionResult> FunnelReportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FunnelReport)] HttpRequest request,
        CancellationToken cancellationToken) =>
        funnel.GetAsync(request, cancellationToken);
}
