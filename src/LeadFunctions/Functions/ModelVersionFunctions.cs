using LeadFunctions.Http.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>
/// The model registry (function key: storing and publishing a model changes every lead's score, so only the team's
/// scripts may): list and store versions, read one, and publish one behind the backtest gate.
/// </summary>
public sealed class ModelVersionFunctions(ModelVersionsEndpoint versions)
{
    [Function("ListModelVersions")]
    public Task<IActionResult> ListModelVersionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.ModelVersions)] HttpRequest request,
        CancellationToken cancellationToken) =>
        versions.ListAsync(request, cancellationToken);

    [Function("CreateModelVersion")]
    public Task<IActionResult> CreateModelVersionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.ModelVersions)] HttpRequest request,
        CancellationToken cancellationToken) =>
        versions.CreateAsync(request, cancellationToken);

    [Function("GetModelVersion")]
    public Task<IActionResult> GetModelVersionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.ModelVersion)] HttpRequest request,
        string version,
        CancellationToken cancellationToken) =>
        versions.GetAsync(version, cancellationToken);

    [Function("PublishModelVersion")]
    public Task<IActionResult> PublishModelVersionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.PublishModelVersion)] HttpRequest request,
        string version,
        CancellationToken cancellationToken) =>
        versions.PublishAsync(version, request, cancellationToken);
}
