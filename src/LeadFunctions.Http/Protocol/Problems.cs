using LeadFunctions.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Protocol;

/// <summary>RFC 9457 problem details for every error the API returns: a type, a title, a useful detail.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult Create(
        int status,
        string title,
        string detail,
        IDictionary<string,
        object?>? extensions = null,
        TimeSpan? retryAfter = null)
    {
        var problem = new ProblemDetails
        {
            Type = $"https://httpstatuses.io/{status}",
            Title = title,
            Status = status,
            Detail = detail,
        };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        var result = retryAfter is { } after ? new RetryAfterResult(problem, after) : new ObjectResult(problem);
        result.StatusCode = status;
        result.ContentTypes.Add(ContentType);
        return result;
    }

    public static ObjectResult Validation(IReadOnlyList<ValidationError> errors) => Create(
        StatusCodes.Status400BadRequest,
        "The request is invalid",
        string.Join("; ", errors.Select(e => e.ToString())),
        new Dictionary<string, object?>
        {
            ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        });

    public static ObjectResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "The request is invalid", detail);

    public static ObjectResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "Not authorized", detail);

    public static ObjectResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static ObjectResult PayloadTooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "The body is too large", $"The body must be at most {limit} bytes.");

    public static ObjectResult UnsupportedMediaType(string accepted) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", $"Send {accepted}.");

    public static ObjectResult TooManyRequests(TimeSpan retryAfter) =>
        Create(
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            $"Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.",
            retryAfter: retryAfter);

    public static ObjectResult Unavailable(string detail, TimeSpan? retryAfter = null) =>
        Create(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", detail, retryAfter: retryAfter);

    /// <summary>A problem that also tells when to retry (the Retry-After header, in seconds).</summary>
    private sealed class RetryAfterResult(ProblemDetails problem, TimeSpan retryAfter) : ObjectResult(problem)
    {
        public override void OnFormatting(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            base.OnFormatting(context);
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(
                1,
                Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
