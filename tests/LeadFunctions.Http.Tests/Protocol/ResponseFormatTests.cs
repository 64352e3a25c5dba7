using LeadFunctions.Http.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Tests.Protocol;

/// <summary>The <c>format</c> parameter the funnel report and the models page share.</summary>
public sealed class ResponseFormatTests
{
    [Theory]
    [InlineData("", false)]
    [InlineData("?format=", false)]
    [InlineData("?format=json", false)]
    [InlineData("?format=JSON", false)]
    [InlineData("?format=html", true)]
    [InlineData("?format=Html&code=k", true)]
    public void Json_is_the_default_and_html_asks_for_the_page(string query, bool html)
    {
        Assert.Equal((html, null), ResponseFormat.Read(Request(query)));
    }

    [Theory]
    [InlineData("?format=xml")]
    [InlineData("?format=html5")]
    public void Another_format_is_a_400_problem_naming_the_parameter(string query)
    {
        var (html, refusal) = ResponseFormat.Read(Request(query));

        Assert.False(html);
        var problem = Assert.IsType<ObjectResult>(refusal, exactMatch: false);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Contains(Problems.ContentType, problem.ContentTypes);
        Assert.Contains("'format'", Assert.IsType<ProblemDetails>(problem.Value).Detail, StringComparison.Ordinal);
    }

    private static HttpRequest Request(string query) => new DefaultHttpContext { Request = { QueryString = new QueryString(query) } }.Request;
}
