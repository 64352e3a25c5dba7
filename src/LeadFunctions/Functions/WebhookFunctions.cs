using LeadFunctions.Http.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>
/// Engagement events: the canonical API and the provider webhooks. Anonymous at the host level because each is
/// authenticated by its own signature over the raw body (checked by the endpoint before anything is read).
/// </summary>
public sealed class WebhookFunctions(EventsEndpoint events)
{
    [Function("IngestEvents")]
    public Task<IActionResult> IngestEventsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Events)] HttpRequest request,
        CancellationToken cancellationToken) =>
        events.PostCanonicalAsync(request, cancellationToken);

    [Function("SegmentWebhook")]
    public Task<IActionResult> SegmentWebhookAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.SegmentWebhook)] HttpRequest request,
        CancellationToken cancellationToken) =>
        events.PostSegmentAsync(request, cancellationToken);

    [Function("SendGridWebhook")]
    public Task<IActionResult> SendGridWebhookAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.SendGridWebhook)] HttpRequest request,
        CancellationToken cancellationToken) =>
        events.PostSendGridAsync(request, cancellationToken);
}
