using LeadFunctions.Engagement;
using LeadFunctions.Http.Infrastructure;
using LeadFunctions.Ingestion;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Http.Webhooks;

/// <summary>
/// <c>POST /api/events</c> (the canonical form), <c>/api/webhooks/segment</c> and <c>/api/webhooks/sendgrid</c>:
/// read the raw body (at most 1 MiB), verify its signature before reading anything in it, parse, store, and answer
/// 202 with what was accepted, what was a duplicate, and what was rejected and why. The scoring happens on the queue.
/// </summary>
public sealed class EventsEndpoint(
    EngagementIngestionService ingestion,
    EventPayloads payloads,
    IOptions<WebhookOptions> options,
    TimeProvider timeProvider)
{
    public const int MaxBodyBytes = 1024 * 1024;

    public Task<IActionResult> PostCanonicalAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(
            request,
            body => WebhookSignatures.VerifyLeadSignature(
                request.Headers["X-Lead-Signature"].ToString(),
                body.Span,
                options.Value.EventsSecrets,
                timeProvider.GetUtcNow(),
                TimeSpan.FromSeconds(options.Value.SignatureToleranceSeconds)),
            payloads.ParseCanonical,
            cancellationToken);

    public Task<IActionResult> PostSegmentAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(
            request,
            body => WebhookSignatures.VerifySegmentSignature(request.Headers["X-Signature"].ToString(), body.Span, options.Value.SegmentSharedSecret),
            payloads.ParseSegment,
            cancellationToken);

    public Task<IActionResult> PostSendGridAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HandleAsync(
            request,
            body => WebhookSignatures.VerifySendGridSignature(
                request.Headers["X-Twilio-Email-Event-Webhook-Signature"].ToString(),
                request.Headers["X-Twilio-Email-Event-Webhook-Timestamp"].ToString(),
                body.Span,
                options.Value.SendGridPublicKey),
            payloads.ParseSendGrid,
            cancellationToken);

    private async Task<IActionResult> HandleAsync(
        HttpRequest request,
        Func<ReadOnlyMemory<byte>, string?> verify,
        Func<ReadOnlyMemory<byte>, (ParsedEvents? Events, string? Error)> parse,
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

        if (verify(body) is { } signatureProblem)
        {
            return Problems.Unauthorized(signatureProblem);
        }

        var (events, error) = parse(body);
        if (events is null)
        {
            return Problems.BadRequest(error!);
        }

        try
        {
            var result = events.Accepted.Count == 0
                ? new IngestionResult(0, 0, events.Rejected)
                : await ingestion.IngestAsync(events, cancellationToken);
            return ApiJson.Result(
                new
                {
                    accepted = result.Accepted,
                    duplicates = result.Duplicates,
                    rejected = result.Rejected.Count,
                    errors = result.Rejected.OrderBy(item => item.Index).Select(item => new { index = item.Index, eventId = item.EventId, reason = item.Reason }),
                },
                StatusCodes.Status202Accepted);
        }
        catch (Exception exception) when (StorageFaults.IsTransient(exception))
        {
            return StorageFaults.Unavailable();
        }
    }
}
