using LeadFunctions.Http.Protocol;
using LeadFunctions.Suggestions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Models;

/// <summary>
/// <c>POST /api/models/suggestions</c> (function key): starts a suggestion job (a candidate model fitted to the recorded
/// outcomes, run a page at a time on the queue) → 202 with its id and <c>Location</c>; 400 naming a bad option; 415 for a
/// body that is not JSON; 503 when storage is down. <c>GET /api/models/suggestions/{id}</c>: the job, and its answer once
/// completed; 404 for an unknown id. Changes no lead and not the live model.
/// </summary>
public sealed class SuggestionsEndpoint(SuggestionService suggestions, StorageFaultGuard faults)
{
    public const int MaxBodyBytes = 4 * 1024;

    public async Task<IActionResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, tooLarge) = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        if (!body.IsEmpty && !RequestBody.HasMediaType(request, "application/json"))
        {
            return Problems.UnsupportedMediaType("application/json, or no body for the defaults");
        }

        var (options, errors) = SuggestionRequest.Parse(body);
        if (options is null)
        {
            return Problems.Validation(errors);
        }

        return await faults.ApiAsync(
            "StartSuggestion", async () => Accepted(request, await suggestions.StartAsync(options, cancellationToken)));
    }

    public async Task<IActionResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!SuggestionJob.IsValidId(id))
        {
            return Problems.NotFound("No suggestion has this id (suggestion ids are 32 lower-case hex characters).");
        }

        return await faults.ApiAsync("GetSuggestion", async () =>
            await suggestions.GetAsync(id, cancellationToken) is { } found
                ? ApiJson.Result(SuggestionJobResponse.From(found.Job, found.Result), StatusCodes.Status200OK)
                : Problems.NotFound("No suggestion has this id."));
    }

    private static JsonResult Accepted(HttpRequest request, SuggestionJob job)
    {
        var location = ApiLocation.Of(request, ApiRoutes.Suggestions, ApiRoutes.Fill(ApiRoutes.Suggestion, job.Id));
        request.HttpContext.Response.Headers.Location = location;
        return ApiJson.Result(
            new { id = job.Id, status = SuggestionJobResponse.StatusName(job.Status), location },
            StatusCodes.Status202Accepted);
    }
}
