using System.Text;
using LeadFunctions.Backtesting;
using LeadFunctions.Http.Protocol;
using LeadFunctions.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Backtesting;

/// <summary>
/// <c>POST /api/models/backtests</c> (a candidate model JSON; 202 with the job's id and Location) and
/// <c>GET /api/models/backtests/{id}</c> (the job's state and results), function key.
/// </summary>
public sealed class BacktestsEndpoint(BacktestService backtests, StorageFaultGuard faults)
{
    /// <summary>The largest body: the largest model document the model parser accepts (in UTF-8 bytes).</summary>
    public const int MaxBodyBytes = ScoringModel.MaxDocumentLength;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async Task<IActionResult> StartAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestBody.HasMediaType(request, "application/json"))
        {
            return Problems.UnsupportedMediaType("application/json (a scoring model document)");
        }

        var (body, error) = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
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

        return await faults.ApiAsync("StartBacktest", async () =>
        {
            var start = await backtests.StartAsync(json, cancellationToken);
            return start.Job is { } job ? Accepted(request, job) : Invalid(start.Errors);
        });
    }

    public async Task<IActionResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!BacktestJob.IsValidId(id))
        {
            return Problems.NotFound("No backtest has this id (backtest ids are 32 lower-case hex characters).");
        }

        return await faults.ApiAsync("GetBacktest", async () =>
        {
            var job = await backtests.GetAsync(id, cancellationToken);
            return job is null
                ? Problems.NotFound("No backtest has this id.")
                : ApiJson.Result(BacktestResponse.From(job), StatusCodes.Status200OK);
        });
    }

    private static JsonResult Accepted(HttpRequest request, BacktestJob job)
    {
        request.HttpContext.Response.Headers.Location =
            ApiLocation.Of(request, ApiRoutes.Backtests, ApiRoutes.Fill(ApiRoutes.Backtest, job.Id));
        return ApiJson.Result(new { id = job.Id }, StatusCodes.Status202Accepted);
    }

    private static ObjectResult Invalid(IReadOnlyList<ModelError> errors) => Problems.Create(
        StatusCodes.Status400BadRequest,
        "The candidate model is invalid",
        string.Join("; ", errors.Select(error => error.ToString())),
        new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(error => new { path = error.Path, message = error.Message }).ToArray(),
        });
}
