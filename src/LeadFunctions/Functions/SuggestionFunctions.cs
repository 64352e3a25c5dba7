using LeadFunctions.Http.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>Points for the live model's rules suggested from recorded outcomes (function key): a candidate to backtest.</summary>
public sealed class SuggestionFunctions(SuggestionsEndpoint suggestions)
{
    [Function("SuggestPoints")]
    public Task<IActionResult> SuggestPointsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Suggestions)] HttpRequest request,
        CancellationToken cancellationToken) =>
        suggestions.PostAsync(request, cancellationToken);
}
