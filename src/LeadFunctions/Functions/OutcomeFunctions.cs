using LeadFunctions.Http.Outcomes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>Outcomes in bulk (function key): a CRM export of won, lost and disqualified leads, for teams that start with one.</summary>
public sealed class OutcomeFunctions(OutcomesEndpoint outcomes)
{
    [Function("ImportOutcomes")]
    public Task<IActionResult> ImportOutcomesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Outcomes)] HttpRequest request,
        CancellationToken cancellationToken) =>
        outcomes.PostAsync(request, cancellationToken);
}
