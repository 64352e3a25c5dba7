using System.Text.Json;
using LeadFunctions.Http.Protocol;
using LeadFunctions.LocalHost.Functions;
using LeadFunctions.LocalHost.Triggers;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.LocalHost.Http;

/// <summary>
/// Maps every HTTP function of the app, as the Functions host does: <c>/{routePrefix}/{route}</c> (host.json
/// <c>extensions.http.routePrefix</c>, "api" by default), the trigger's methods (every method when it names none),
/// the function key for <c>AuthorizationLevel.Function</c> and <c>Admin</c>, and the app's own method invoked with
/// the request. Plus the host's admin API, <c>POST /admin/functions/{name}</c>, to run a non-HTTP function now.
/// </summary>
internal static class FunctionEndpoints
{
    public static void MapFunctions(this WebApplication app, AppFunctionCatalog catalog, string routePrefix)
    {
        var invoker = app.Services.GetRequiredService<FunctionInvoker>();
        var prefix = routePrefix.Trim('/');
        foreach (var function in catalog.Functions.Where(function => function.Http is not null))
        {
            var pattern = "/" + (prefix.Length == 0 ? function.Route : prefix + "/" + function.Route);
            Delegate handler = async (HttpContext context) =>
                Result(await invoker.InvokeAsync(function, new TriggerInput(Http: context), context.RequestAborted));
            var endpoint = function.Methods.Count == 0 ? app.Map(pattern, handler) : app.MapMethods(pattern, function.Methods, handler);
            endpoint.WithName(function.Name);
            if (function.RequiresKey)
            {
                endpoint.AddEndpointFilter<FunctionKeyFilter>();
            }
        }

        // The Functions host's admin API: run a non-HTTP function now (202), with {"input": "..."} for queue functions.
        app.MapPost("/admin/functions/{name}", RunNowAsync).AddEndpointFilter<FunctionKeyFilter>();
    }

    private static IResult Result(object? result) => result switch
    {
        IActionResult action => new ActionResultAdapter(action),
        IResult direct => direct,
        null => Results.Ok(),
        _ => Results.Ok(result),
    };

    private static async Task<IResult> RunNowAsync(
        string name,
        HttpRequest request,
        TriggerHost triggers,
        CancellationToken cancellationToken)
    {
        string? input = null;
        if (request.ContentLength > 0)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                input = document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("input", out var value)
                    && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return new ActionResultAdapter(Problems.BadRequest("The body must be {\"input\": \"...\"}."));
            }
        }

        return await triggers.RunNowAsync(name, input, cancellationToken)
            ? Results.StatusCode(StatusCodes.Status202Accepted)
            : new ActionResultAdapter(Problems.NotFound($"No non-HTTP function is named '{name}'."));
    }
}
