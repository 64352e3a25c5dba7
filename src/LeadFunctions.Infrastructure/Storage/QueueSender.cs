using Azure.Storage.Queues;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// Sends one text message to a storage queue, creating the queue once (base64, as the Functions queue trigger reads
/// it: the client is made with base64 encoding at registration). A queue deleted under the running app is created
/// again by the next send. The one send path of the job queues (backtests, suggestions).
/// </summary>
internal sealed class QueueSender(QueueClient queue)
{
    private readonly CreateOnce _created = new(() => queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));

    public async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        try
        {
            await queue.SendMessageAsync(message, cancellationToken: cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception is { Status: 404, ErrorCode: "QueueNotFound" })
        {
            _created.Reset(); // deleted under the running app: the next call creates it again
            throw;
        }
    }
}
