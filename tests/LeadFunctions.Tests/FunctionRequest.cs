using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests;

/// <summary>
/// A request as the worker's ASP.NET Core integration hands it to an HTTP function: a real <see cref="HttpContext"/>
/// with method, path, query, headers, body and route values.
/// </summary>
internal static class FunctionRequest
{
    /// <param name="method">GET, POST, DELETE…</param>
    /// <param name="pathAndQuery">e.g. <c>/api/leads?stage=SQL</c>.</param>
    /// <param name="body">The body, sent as UTF-8; none when null.</param>
    /// <param name="contentType">The body's media type.</param>
    public static DefaultHttpContext Create(
        string method,
        string pathAndQuery,
        string? body = null,
        string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        var request = context.Request;
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        request.Method = method;
        request.Scheme = "http";
        request.Host = new HostString("localhost", 7071);
        request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }
}
