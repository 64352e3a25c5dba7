using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace LeadFunctions.LocalHost.Http;

/// <summary>Executes the IActionResult an endpoint returns, as the Functions ASP.NET Core integration does.</summary>
internal sealed class ActionResultAdapter(IActionResult actionResult) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) =>
        actionResult.ExecuteResultAsync(new ActionContext(httpContext, httpContext.GetRouteData(), new ActionDescriptor()));
}
