using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Protocol;

/// <summary>
/// The <c>format</c> query parameter of a route that answers JSON for scripts or, with <c>format=html</c>, a page for
/// people (the funnel report, the models page): <c>json</c> (the default) or <c>html</c>, any case. Another value is
/// the caller's mistake, answered 400 problem+json (it did not ask for a page).
/// </summary>
public static class ResponseFormat
{
    /// <summary>Whether the request asks for the page; or the 400 that refuses an unknown format.</summary>
    public static (bool Html, IActionResult? Refusal) Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = request.Query["format"].ToString();
        if (string.Equals(format, "html", StringComparison.OrdinalIgnoreCase))
        {
            return (true, null);
        }

        return format.Length == 0 || string.Equals(format, "json", StringComparison.OrdinalIgnoreCase)
            ? (false, null)
            : (false, Problems.BadRequest("Query parameter 'format' must be json (the default) or html."));
    }
}
