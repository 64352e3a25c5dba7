using LeadFunctions.Http.Models;
using LeadFunctions.Infrastructure;
using LeadFunctions.Suggestions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>
/// Suggestions of a candidate model fitted to the recorded outcomes (function key): start one, read it, and the queue
/// functions that read its outcomes a page at a time (the last page fits) and mark it failed when a page ends in the
/// poison queue.
/// </summary>
public sealed class SuggestionFunctions(SuggestionsEndpoint suggestions, SuggestionPageHandler pages)
{
    [Function("StartSuggestion")]
    public Task<IActionResult> StartSuggestionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Suggestions)] HttpRequest request,
        CancellationToken cancellationToken) =>
        suggestions.PostAsync(request, cancellationToken);

    [Function("GetSuggestion")]
    public Task<IActionResult> GetSuggestionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Suggestion)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        suggestions.GetAsync(id, cancellationToken);

    [Function("RunSuggestion")]
    public Task RunSuggestionAsync(
        [QueueTrigger(StorageRegistration.SuggestionQueueBinding, Connection = StorageRegistration.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        pages.HandleAsync(SuggestionMessages.Deserialize(message), cancellationToken);

    [Function("FailSuggestion")]
    public Task FailSuggestionAsync(
        [QueueTrigger(StorageRegistration.SuggestionPoisonQueueBinding, Connection = StorageRegistration.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        pages.FailAsync(message, cancellationToken);
}
