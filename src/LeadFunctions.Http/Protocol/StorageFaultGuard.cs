using LeadFunctions.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Http.Protocol;

/// <summary>
/// The one place an endpoint's storage outage becomes its answer: runs the endpoint's storage work and, when storage
/// fails transiently (<see cref="StorageFaults.IsTransient"/>), logs the fault once with its exception (messages
/// redacted: storage errors can quote keys and addresses) and answers 503 with <c>Retry-After</c>: problem+json for
/// the API, or the endpoint's small HTML page for a page. Every other exception propagates as before. It lives in the
/// Http layer, not in worker middleware, so the local host (which invokes the app's methods directly) runs it too.
/// </summary>
public sealed partial class StorageFaultGuard(ILogger<StorageFaultGuard> logger)
{
    /// <summary>Runs an API's storage work; a storage outage answers 503 problem+json.</summary>
    /// <param name="operation">What the endpoint was doing, for the log (an operation name, never request data).</param>
    public Task<IActionResult> ApiAsync(string operation, Func<Task<IActionResult>> work) =>
        RunAsync(operation, work, StorageFaults.Unavailable);

    /// <summary>Runs a page's storage work; a storage outage answers <paramref name="unavailablePage"/>.</summary>
    public async Task<IActionResult> RunAsync(string operation, Func<Task<IActionResult>> work, Func<IActionResult> unavailablePage)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(unavailablePage);
        try
        {
            return await work();
        }
        catch (Exception exception) when (StorageFaults.IsTransient(exception))
        {
            LogUnavailable(logger, RedactedException.From(exception), operation, StorageFaults.RetryAfter.TotalSeconds);
            return unavailablePage();
        }
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Storage unavailable during {Operation}: answered 503, retry after {RetryAfterSeconds} s")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string operation, double retryAfterSeconds);
}
