using LeadFunctions.Http.Capture;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>Landing-page forms: POST /api/leads (anonymous; rate-limited per client IP; CORS set on the app).</summary>
public sealed class CaptureFunctions(CaptureEndpoint capture)
{
    [Function("CaptureLead")]
    public Task<IActionResult> CaptureLeadAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Leads)] HttpRequest request,
        CancellationToken cancellationToken) =>
        capture.PostAsync(request, cancellationToken);
}
