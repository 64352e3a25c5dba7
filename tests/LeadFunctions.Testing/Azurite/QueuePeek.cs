using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace LeadFunctions.Testing.Azurite;

/// <summary>Peeks a queue that may not exist yet: the queue listener creates the poison queue when it first needs it.</summary>
public static class QueuePeek
{
    /// <summary>Up to 32 messages, or none when the queue does not exist.</summary>
    public static async Task<PeekedMessage[]> PeekIfExistsAsync(this QueueClient queue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            return (await queue.PeekMessagesAsync(32, cancellationToken)).Value;
        }
        catch (RequestFailedException exception) when (exception is { Status: 404, ErrorCode: "QueueNotFound" })
        {
            return [];
        }
    }
}
