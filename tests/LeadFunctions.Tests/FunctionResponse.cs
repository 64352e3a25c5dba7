using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests;

/// <summary>What an HTTP function answered, once the worker's ASP.NET Core integration has written its result.</summary>
public sealed record FunctionResponse(int StatusCode, IHeaderDictionary Headers, string? ContentType, string Body)
{
    public JsonNode Json() => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The body is JSON null.");

    public static async Task<FunctionResponse> ReadAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Body.Position = 0;
        using var reader = new StreamReader(response.Body, leaveOpen: true);
        return new FunctionResponse(response.StatusCode, response.Headers, response.ContentType, await reader.ReadToEndAsync());
    }
}
