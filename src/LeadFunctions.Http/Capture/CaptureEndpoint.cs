using System.Text.Json;
using LeadFunctions.Capture;
using LeadFunctions.Http.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace LeadFunctions.Http.Capture;

/// <summary>
/// <c>POST /api/leads</c>, anonymous, for landing-page forms (JSON or urlencoded). Answers 202 with the lead id.
/// The honeypot field <c>_gotcha</c> must stay empty: a filled one is answered 202 and stored nowhere. A hidden field
/// <c>anonymousId</c> (filled from the <c>ajs_anonymous_id</c> cookie) joins the visitor's earlier events to the lead.
/// </summary>
public sealed class CaptureEndpoint(LeadCaptureService capture, CaptureRateLimiter rateLimiter, StorageFaultGuard faults)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const string HoneypotField = "_gotcha";

    public async Task<IActionResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!rateLimiter.TryAcquire(request.HttpContext, out var retryAfter))
        {
            return Problems.TooManyRequests(retryAfter);
        }

        var isJson = RequestBody.HasMediaType(request, "application/json");
        if (!isJson && !RequestBody.HasMediaType(request, "application/x-www-form-urlencoded"))
        {
            return Problems.UnsupportedMediaType("application/json or application/x-www-form-urlencoded");
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var fields = isJson ? ReadJson(body) : ReadForm(body);
        if (fields is null)
        {
            return Problems.BadRequest(
                isJson ? "The body is not a JSON object of form fields." : "The body is not a valid urlencoded form.");
        }

        return await faults.ApiAsync("CaptureLead", async () =>
        {
            var result = await capture.CaptureAsync(ToRequest(fields), cancellationToken);
            return result.Outcome == CaptureOutcome.Invalid ? Problems.Validation(result.Errors) : Accepted(request, result);
        });
    }

    private static JsonResult Accepted(HttpRequest request, CaptureResult result)
    {
        request.HttpContext.Response.Headers.Location =
            ApiLocation.Of(request, ApiRoutes.Leads, ApiRoutes.Fill(ApiRoutes.Lead, result.LeadId ?? string.Empty));
        object body = result.IgnoredFields.Count > 0
            ? new { leadId = result.LeadId, ignoredFields = result.IgnoredFields }
            : new { leadId = result.LeadId };
        return ApiJson.Result(body, StatusCodes.Status202Accepted);
    }

    private static Dictionary<string, string>? ReadJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => property.Value.GetRawText(),
                };
                if (value is not null)
                {
                    fields[property.Name] = value;
                }
            }

            return fields;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string>? ReadForm(ReadOnlyMemory<byte> body)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(body.Span);
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in QueryHelpers.ParseQuery(text))
            {
                fields[key] = value.ToString();
            }

            return fields;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidDataException)
        {
            return null;
        }
    }

    private static LeadCaptureRequest ToRequest(Dictionary<string, string> fields)
    {
        string? Field(params string[] names)
        {
            foreach (var name in names)
            {
                if (fields.TryGetValue(name, out var value))
                {
                    return value;
                }
            }

            return null;
        }

        return new LeadCaptureRequest
        {
            Email = Field("email"),
            FirstName = Field("firstName", "first_name"),
            LastName = Field("lastName", "last_name"),
            Company = Field("company"),
            JobTitle = Field("jobTitle", "job_title", "title"),
            CompanySize = Field("companySize", "company_size", "employees"),
            Industry = Field("industry"),
            Country = Field("country"),
            Phone = Field("phone"),
            Budget = Field("budget"),
            Timeline = Field("timeline"),
            Need = Field("need", "message"),
            Consent = Field("consent"),
            FormId = Field("formId", "form_id"),
            PageUrl = Field("pageUrl", "page_url"),
            UtmSource = Field("utm_source", "utmSource"),
            UtmMedium = Field("utm_medium", "utmMedium"),
            UtmCampaign = Field("utm_campaign", "utmCampaign"),
            AnonymousId = Field("anonymousId", "anonymous_id", "ajs_anonymous_id"),
            Honeypot = Field(HoneypotField),
        };
    }
}
