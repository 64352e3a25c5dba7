using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Http;

/// <summary>
/// Log levels both hosts hold in code, whatever their configuration says: the categories that write a line per request
/// stay at Warning. ASP.NET Core's and HttpClient's request lines carry the full address, and addresses carry secrets
/// here (the hand-off token is the path of <c>/api/handoffs/{token}</c>, the function key is <c>code=</c> in the funnel
/// page's query); the Azure SDK's (forwarded from its event source by <c>AddAzureClients</c>, and by the WebJobs queue
/// listener in the local host) write one line per storage request, which buries real warnings. Their warnings and
/// errors still pass.
/// </summary>
public static class LoggingRegistration
{
    /// <summary>Category prefixes held at <see cref="LogLevel.Warning"/>.</summary>
    public static IReadOnlyList<string> RequestLogCategories { get; } =
        ["Microsoft.AspNetCore", "System.Net.Http", "Azure.Core", "Azure.Storage"];

    /// <summary>
    /// Adds a Warning filter per <see cref="RequestLogCategories"/> entry. Filters added in code come after the
    /// configuration's, so for the same category they win; a more specific category in the configuration
    /// (<c>Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics</c>) still overrides it, on purpose, for debugging.
    /// </summary>
    public static IHostApplicationBuilder AddRequestLogLevels(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var category in RequestLogCategories)
        {
            builder.Logging.AddFilter(category, LogLevel.Warning);
        }

        return builder;
    }
}
