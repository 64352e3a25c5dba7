using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Pages;

/// <summary>
/// A server-rendered HTML page with the headers a page reached by a capability link needs: a strict
/// Content-Security-Policy (nothing but the page's own stylesheet, forms posting to this origin only, no framing),
/// <c>Cache-Control: no-store</c> (the page holds personal data), <c>Referrer-Policy: no-referrer</c> (the token in the
/// URL never leaves in a Referer), <c>X-Content-Type-Options: nosniff</c> and no indexing. The page is rendered when
/// the result is executed (<see cref="HtmlPages"/> gives the component and its data), so an endpoint answers a page
/// without awaiting its rendering.
/// </summary>
public sealed class HtmlPageResult(int statusCode, Func<Task<string>> render, TimeSpan? retryAfter = null) : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var bytes = Encoding.UTF8.GetBytes(await render());
        response.StatusCode = StatusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = bytes.Length;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = PageStyle.ContentSecurityPolicy;
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["X-Robots-Tag"] = "noindex, nofollow";
        if (retryAfter is { } after)
        {
            headers.RetryAfter = Math.Max(1, Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
    }
}
