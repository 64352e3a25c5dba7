using LeadFunctions.Engagement;
using LeadFunctions.Http.Protocol;
using LeadFunctions.Ingestion;
using LeadFunctions.Webhooks;
using LeadFunctions.Webhooks.Canonical;
using LeadFunctions.Webhooks.Segment;
using LeadFunctions.Webhooks.SendGrid;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Webhooks;

/// <summary>
/// <c>POST /api/events</c> (the canonical form), <c>/api/webhooks/segment</c> and <c>/api/webhooks/sendgrid</c>:
/// read the raw body (at most 1 MiB), verify its signature before reading anything in it, parse (the adapters in
/// LeadFunctions.Webhooks), store, and answer 202 with what was accepted, what was a duplicate, and what was
/// rejected and why. The scoring happens on the queue.
/// </summary>
public sealed class EventsEndpoint(
    EngagementIngestionService ingestion,
    CanonicalSignatureVerifier canonicalSignature,
    CanonicalEventParser canonicalParser,
    SegmentSignatureVerifier segmentSignature,
    SegmentEventParser segmentParser,
    SendGridSignatureVerifier sendGridSignature,
    SendGridEventParser sendGridParser,
    StorageFaultGuard faults)
{
    public const int MaxBodyBytes = 1024 * 1024;

    public Task<IActionResult> PostCanonicalAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, canonicalSignature, canonicalParser, cancellationToken);

    public Task<IActionResult> PostSegmentAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, segmentSignature, segmentParser, cancellationToken);

    public Task<IActionResult> PostSendGridAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(request, sendGridSignature, sendGridParser, cancellationToken);

    private async Task<IActionResult> HandleAsync(
        HttpRequest request,
        IWebhookSignatureVerifier verifier,
        IWebhookPayloadParser parser,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestBody.HasMediaType(request, "application/json"))
        {
            return Problems.UnsupportedMediaType("application/json");
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var headers = request.Headers;
        var signature = verifier.Verify(name => headers.TryGetValue(name, out var value) ? value.ToString() : null, body.Span);
        if (!signature.IsValid)
        {
            return Problems.Unauthorized(signature.Reason ?? "The signature is not valid.");
        }

        var parsed = parser.Parse(body);
        if (parsed.Events is not { } events)
        {
            return Problems.BadRequest(parsed.Error ?? "The body cannot be read.");
        }

        return await faults.ApiAsync("IngestEvents", () => IngestAsync(parsed, events, cancellationToken));
    }

    /// <summary>Stores what the parser accepted and answers 202 with the counts and each rejected item's reason.</summary>
    private async Task<IActionResult> IngestAsync(PayloadParseResult parsed, ParsedEvents events, CancellationToken cancellationToken)
    {
        var result = events.Accepted.Count == 0
            ? new IngestionResult(0, 0, events.Rejected)
            : await ingestion.IngestAsync(events, cancellationToken);
        var answer = new
        {
            accepted = result.Accepted,
            duplicates = result.Duplicates + parsed.Duplicates,
            ignored = parsed.Ignored,
            rejected = result.Rejected.Count,
            errors = result.Rejected
                .OrderBy(item => item.Index)
                .Select(item => new { index = item.Index, eventId = item.EventId, reason = item.Reason }),
        };
        return ApiJson.Result(answer, StatusCodes.Status202Accepted);
    }
}
