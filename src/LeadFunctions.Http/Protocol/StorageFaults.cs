using System.Net.Sockets;
using LeadFunctions.Leads;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Protocol;

/// <summary>
/// Maps a failure of storage (unreachable, timing out, answering 5xx) to 503 with Retry-After: the request was not
/// completed (part of it may have been stored) and a retry is the right move: events are stored once per id and a
/// retry queues the rescore. Never a 500, never a 202 for data that was not stored.
/// </summary>
public static class StorageFaults
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    public static bool IsTransient(Exception exception) => exception switch
    {
        // A missing table or queue is created again on the next call (TableAvailability, the queue listener).
        Azure.RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500
            || failed is { Status: 404, ErrorCode: "TableNotFound" or "QueueNotFound" },
        HttpRequestException or IOException or SocketException or TimeoutException or LeadConcurrencyException => true,
        TaskCanceledException canceled =>
            canceled.InnerException is TimeoutException || !canceled.CancellationToken.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    public static ObjectResult Unavailable() =>
        Problems.Unavailable(
            "Storage is not reachable right now; the request was not completed (retrying it is safe: events are stored once). "
            + $"Retry in {RetryAfter.TotalSeconds:0} seconds.",
            RetryAfter);
}
