using System.Text;
using LeadFunctions.Http.Protocol;
using LeadFunctions.ModelVersions;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Models;

/// <summary>
/// The model registry's API (function key): <c>GET/POST /api/models/versions</c> (list newest first, paged, as JSON or
/// with <c>format=html</c> as the models page, <see cref="ModelsPageEndpoint"/>; store a version: 201, 409 when it
/// exists), <c>GET /api/models/versions/{version}</c> (document and metadata) and
/// <c>POST /api/models/versions/{version}/publish</c> (the backtest gate, then live everywhere and every lead rescored).
/// </summary>
public sealed class ModelVersionsEndpoint(
    ModelRegistryService registry,
    ModelPublishingService publishing,
    ModelsPageEndpoint page,
    StorageFaultGuard faults)
{
    /// <summary>The largest publish body.</summary>
    public const int MaxPublishBodyBytes = 8 * 1024;

    private const int MaxTokenLength = 128;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<IActionResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (html, badFormat) = ResponseFormat.Read(request);
        if (badFormat is not null)
        {
            return badFormat;
        }

        var token = request.Query["continuationToken"].ToString();
        if (token.Length > MaxTokenLength || token.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            return html ? page.BadToken() : Problems.BadRequest("The continuationToken is not one this listing gave.");
        }

        if (html)
        {
            return await page.GetAsync(request, token.Length == 0 ? null : token, cancellationToken);
        }

        return await faults.ApiAsync("ListModelVersions", async () =>
        {
            var (live, page) = await registry.ListAsync(token.Length == 0 ? null : token, cancellationToken);
            return ApiJson.Result(
                new { live, versions = page.Versions.Select(ModelVersionResponse.From), continuationToken = page.ContinuationToken },
                StatusCodes.Status200OK);
        });
    }

    public async Task<IActionResult> CreateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestBody.HasMediaType(request, "application/json"))
        {
            return Problems.UnsupportedMediaType("application/json (a scoring model document)");
        }

        var note = request.Query["note"].ToString();
        if (note.Length > ModelRegistryService.MaxNoteLength)
        {
            return Problems.BadRequest($"The note must be at most {ModelRegistryService.MaxNoteLength} characters.");
        }

        var (body, error) = await RequestBody.ReadAsync(request, ScoringModel.MaxDocumentLength, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        string json;
        try
        {
            json = StrictUtf8.GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            return Problems.BadRequest("The body is not UTF-8 text.");
        }

        return await faults.ApiAsync("CreateModelVersion", async () =>
        {
            var creation = await registry.CreateAsync(json, note, ModelVersionAuthors.Api, cancellationToken);
            return creation switch
            {
                { Created: { } created } => Created(request, created),
                { ExistingVersion: { } existing } => Problems.Create(
                    StatusCodes.Status409Conflict,
                    "The version exists",
                    $"Version {existing} is stored and versions never change: raise \"version\" to store a new one."),
                _ => Invalid(creation.Errors),
            };
        });
    }

    public async Task<IActionResult> GetAsync(string version, CancellationToken cancellationToken)
    {
        if (!ModelVersionName.IsValid(version))
        {
            return Problems.BadRequest("The version is malformed: " + ModelVersionName.Rule + ".");
        }

        return await faults.ApiAsync("GetModelVersion", async () =>
            await registry.GetAsync(version, cancellationToken) is { } stored
                ? new ContentResult
                {
                    StatusCode = StatusCodes.Status200OK,
                    ContentType = "application/json",
                    Content = ModelVersionDocument.Write(ModelVersionResponse.From(stored.Version), stored.Json),
                }
                : Problems.NotFound($"No stored model version is called {version}."));
    }

    public async Task<IActionResult> PublishAsync(string version, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ModelVersionName.IsValid(version))
        {
            return Problems.BadRequest("The version is malformed: " + ModelVersionName.Rule + ".");
        }

        if (!RequestBody.HasMediaType(request, "application/json"))
        {
            return Problems.UnsupportedMediaType("application/json");
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, MaxPublishBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var (publish, error) = PublishRequestBody.Parse(body);
        if (publish is null)
        {
            return Problems.BadRequest(error!);
        }

        return await faults.ApiAsync("PublishModelVersion", async () =>
        {
            var result = await publishing.PublishAsync(version, publish, ModelVersionAuthors.Api, cancellationToken);
            return result.Outcome switch
            {
                PublishOutcome.Published => ApiJson.Result(
                    new
                    {
                        live = result.Live,
                        previous = result.Previous,
                        rescore = new
                        {
                            status = "started", pageSize = RescoreRequestHandler.RescoreAllPageSize, modelVersion = result.Live,
                        },
                    },
                    StatusCodes.Status200OK),
                PublishOutcome.NotFound => Problems.NotFound(result.Detail!),
                PublishOutcome.Invalid => Problems.BadRequest(result.Detail!),
                _ => Problems.Create(StatusCodes.Status409Conflict, "Not published", result.Detail!),
            };
        });
    }

    private static JsonResult Created(HttpRequest request, ModelVersion version)
    {
        request.HttpContext.Response.Headers.Location =
            ApiLocation.Of(request, ApiRoutes.ModelVersions, ApiRoutes.Fill(ApiRoutes.ModelVersion, version.Version));
        return ApiJson.Result(new { version = version.Version }, StatusCodes.Status201Created);
    }

    private static ObjectResult Invalid(IReadOnlyList<ModelError> errors) => Problems.Create(
        StatusCodes.Status400BadRequest,
        "The model is invalid",
        string.Join("; ", errors.Select(error => error.ToString())),
        new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(error => new { path = error.Path, message = error.Message }).ToArray(),
        });
}
