using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeadFunctions.FunctionApp.Functions;
using LeadFunctions.Webhooks.Segment;
using LeadFunctions.Webhooks.SendGrid;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class WebhookFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task IngestEvents_accepts_signed_events_and_queues_the_lead_for_rescoring()
    {
        var email = $"events.{Guid.NewGuid():N}@example.org";
        var leadId = await app.CaptureLeadAsync(new { email });
        await app.RescoreThroughTheQueueAsync(leadId); // the capture's own message
        var json = JsonSerializer.Serialize(
            new[]
            {
                new
                {
                    eventId = "w-" + leadId,
                    email,
                    type = "Webinar Attended",
                    occurredAt = DateTimeOffset.UtcNow,
                    properties = new { webinarId = "w1" },
                },
            });

        var response = await app.InvokeHttpAsync<WebhookFunctions>(
            app.SignedEvents(json),
            (functions, request, ct) => functions.IngestEventsAsync(request, ct));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        Assert.Equal(1, response.Json()["accepted"]!.GetValue<int>());
        await app.RescoreThroughTheQueueAsync(leadId);
        Assert.Equal(2, (await app.GetLeadAsync(leadId))!["eventCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task IngestEvents_refuses_events_without_a_signature()
    {
        var context = FunctionRequest.Create(
            "POST",
            "/api/events",
            """[{"eventId":"e1","email":"a@example.org","type":"Demo Requested","occurredAt":"2026-01-01T00:00:00Z"}]""");

        var response = await app.InvokeHttpAsync<WebhookFunctions>(
            context,
            (functions, request, ct) => functions.IngestEventsAsync(request, ct));

        Assert.Equal(StatusCodes.Status401Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SegmentWebhook_accepts_a_track_message_signed_with_the_shared_secret()
    {
        var email = $"segment.{Guid.NewGuid():N}@example.org";
        var json = JsonSerializer.Serialize(
            new
            {
                type = "track",
                messageId = "seg-" + email,
                @event = "Trial Started",
                timestamp = DateTimeOffset.UtcNow,
                properties = new { plan = "team" },
                context = new { traits = new { email } },
            });
        var context = FunctionRequest.Create("POST", "/api/webhooks/segment", json);
        context.Request.Headers[SegmentSignatureVerifier.HeaderName] = SegmentSignatureVerifier.CreateHeader(
            app.SegmentSecret,
            Encoding.UTF8.GetBytes(json));

        var response = await app.InvokeHttpAsync<WebhookFunctions>(
            context,
            (functions, request, ct) => functions.SegmentWebhookAsync(request, ct));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        Assert.Equal(1, response.Json()["accepted"]!.GetValue<int>());
    }

    [Fact]
    public async Task SendGridWebhook_accepts_a_batch_signed_with_the_verification_key()
    {
        var email = $"sendgrid.{Guid.NewGuid():N}@example.org";
        var unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var json = JsonSerializer.Serialize(
            new[] { new { email, timestamp = unix, @event = "open", sg_event_id = "sg-" + email, sg_message_id = "msg1.filter0001" } });
        var timestamp = unix.ToString(CultureInfo.InvariantCulture);
        var context = FunctionRequest.Create("POST", "/api/webhooks/sendgrid", json);
        context.Request.Headers[SendGridSignatureVerifier.TimestampHeaderName] = timestamp;
        context.Request.Headers[SendGridSignatureVerifier.SignatureHeaderName] = Convert.ToBase64String(
            app.SendGridKey.SignData(
                Encoding.UTF8.GetBytes(timestamp + json),
                HashAlgorithmName.SHA256,
                DSASignatureFormat.Rfc3279DerSequence));

        var response = await app.InvokeHttpAsync<WebhookFunctions>(
            context,
            (functions, request, ct) => functions.SendGridWebhookAsync(request, ct));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        Assert.Equal(1, response.Json()["accepted"]!.GetValue<int>());
    }
}
