using LeadFunctions.Http.Protocol;
using LeadFunctions.Modeling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Models;

/// <summary>
/// <c>POST /api/models/suggestions</c> (function key): points for the live model's rules fitted to the recorded
/// outcomes. 200 with the candidate model, per-rule detail and the fit's held-out AUC; 400 naming a bad option; 415 for
/// a body that is not JSON; 422 when too few leads have an outcome (or only one kind); 503 when storage is down.
/// Changes nothing.
/// </summary>
public sealed class SuggestionsEndpoint(PointsSuggestionService suggestions, StorageFaultGuard faults)
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

        return await faults.ApiAsync("SuggestPoints", async () => Answer(await suggestions.SuggestAsync(options, cancellationToken)));
    }

    private static IActionResult Answer(SuggestionResult result) => result.Suggestion is { } suggestion
        ? ApiJson.Result(SuggestionResponse.From(suggestion), StatusCodes.Status200OK)
        : Problems.Create(
            StatusCodes.Status422UnprocessableEntity,
            "Too few outcomes to fit",
            result.Refusal + " Record outcomes with POST /api/leads/{leadId}/status (won, lost, disqualified).");
}
