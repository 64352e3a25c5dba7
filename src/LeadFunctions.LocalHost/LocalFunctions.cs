using System.Text.Json;
using LeadFunctions.Http.Admin;
using LeadFunctions.Http.Capture;
using LeadFunctions.Http.Infrastructure;
using LeadFunctions.Http.Leads;
using LeadFunctions.Http.Webhooks;
using LeadFunctions.LocalHost.Http;
using LeadFunctions.LocalHost.Triggers;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.LocalHost;

/// <summary>
/// The same functions as the Azure Functions app (src/LeadFunctions/Functions), with the same names, routes and
/// authorization levels, mapped onto ASP.NET Core endpoints and the local trigger runners.
/// </summary>
internal static class LocalFunctions
{
    public const string CorsPolicy = "landing-pages";

    public static void MapFunctions(this WebApplication app)
    {
        var api = app.MapGroup("/api");
        var keyed = api.MapGroup(string.Empty).AddEndpointFilter<FunctionKeyFilter>();

        // AuthorizationLevel.Anonymous
        api.MapPost("/leads", (CaptureEndpoint endpoint, HttpRequest request, CancellationToken ct) => Run(endpoint.PostAsync(request, ct)))
            .WithName("CaptureLead").RequireCors(CorsPolicy);
        api.MapPost("/events", (EventsEndpoint endpoint, HttpRequest request, CancellationToken ct) => Run(endpoint.PostCanonicalAsync(request, ct)))
            .WithName("IngestEvents");
        api.MapPost("/webhooks/segment", (EventsEndpoint endpoint, HttpRequest request, CancellationToken ct) => Run(endpoint.PostSegmentAsync(request, ct)))
            .WithName("SegmentWebhook");
        api.MapPost("/webhooks/sendgrid", (EventsEndpoint endpoint, HttpRequest request, CancellationToken ct) => Run(endpoint.PostSendGridAsync(request, ct)))
            .WithName("SendGridWebhook");
        api.MapGet("/health", (AdminEndpoint endpoint, CancellationToken ct) => Run(endpoint.HealthAsync(ct)))
            .WithName("Health");

        // AuthorizationLevel.Function
        keyed.MapGet("/leads/{leadId}", (LeadsEndpoint endpoint, string leadId, CancellationToken ct) => Run(endpoint.GetAsync(leadId, ct)))
            .WithName("GetLead");
        keyed.MapGet("/leads", (LeadsEndpoint endpoint, HttpRequest request, CancellationToken ct) => Run(endpoint.ListAsync(request, ct)))
            .WithName("ListLeads");
        keyed.MapDelete("/leads/{leadId}", (LeadsEndpoint endpoint, string leadId, CancellationToken ct) => Run(endpoint.DeleteAsync(leadId, ct)))
            .WithName("DeleteLead");
        keyed.MapPost("/models/rescore", (AdminEndpoint endpoint, CancellationToken ct) => Run(endpoint.RescoreAllAsync(ct)))
            .WithName("RescoreAll");

        // The Functions host's admin API: run a non-HTTP function now (202), with {"input": "..."} for queue functions.
        app.MapPost("/admin/functions/{name}", RunNowAsync).AddEndpointFilter<FunctionKeyFilter>();
    }

    private static async Task<IResult> Run(Task<IActionResult> endpoint) => new ActionResultAdapter(await endpoint);

    private static async Task<IResult> RunNowAsync(string name, HttpRequest request, TriggerHost triggers, CancellationToken cancellationToken)
    {
        string? input = null;
        if (request.ContentLength > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                input = document.RootElement.TryGetProperty("input", out var value) ? value.GetString() : null;
            }
            catch (JsonException)
            {
                return new ActionResultAdapter(Problems.BadRequest("The body must be {\"input\": \"...\"}."));
            }
        }

        return await triggers.RunNowAsync(name, input, cancellationToken)
            ? Results.StatusCode(StatusCodes.Status202Accepted)
            : new ActionResultAdapter(Problems.NotFound($"No non-HTTP function is named '{name}'."));
    }
}
