using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LeadFunctions.Html;
using LeadFunctions.Http.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Http.Tests.Pages;

/// <summary>The one page layout, through a message page: the stylesheet the browser hashes is the one the policy allows.</summary>
public sealed partial class PageLayoutTests
{
    [Fact]
    public async Task The_rendered_stylesheet_matches_the_hash_in_the_Content_Security_Policy()
    {
        var (response, html) = await RenderAsync(new HtmlPages(new HtmlTemplates(NullLoggerFactory.Instance))
            .Message(StatusCodes.Status404NotFound, "test", "Not here", "Nothing to see."));

        var style = StyleElement().Match(html).Groups[1].Value;
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)));
        Assert.True(style.Length > 1000, "The page has no stylesheet.");
        Assert.Contains($"style-src 'sha256-{hash}';", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status404NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_message_page_shows_markup_in_its_text_as_text_and_links_back_when_asked()
    {
        var pages = new HtmlPages(new HtmlTemplates(NullLoggerFactory.Instance));

        var (_, html) = await RenderAsync(
            pages.Message(StatusCodes.Status409Conflict, "sales hand-off", "Changed", "<b>\"x\" & 'y'</b>", reloadLink: "abc-_1"));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<p>&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"abc-_1\">Reload the page</a>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"brand\">LeadFunctions · sales hand-off</p>", html, StringComparison.Ordinal);
    }

    private static async Task<(HttpResponse Response, string Html)> RenderAsync(IActionResult result)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return (context.Response, Encoding.UTF8.GetString(body.ToArray()));
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
