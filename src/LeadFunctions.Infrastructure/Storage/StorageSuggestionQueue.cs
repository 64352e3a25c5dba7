using Azure.Storage.Queues;
using LeadFunctions.Suggestions;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="ISuggestionQueue"/> on the suggestion storage queue (base64 JSON messages, as the Functions queue trigger
/// reads them: the client is made with base64 encoding at registration). A retried send can duplicate a message; the
/// page handler is idempotent per page, so that is safe.
/// </summary>
public sealed class StorageSuggestionQueue(QueueClient queue) : ISuggestionQueue
{
    private readonly CreateOnce _created = new(() => queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));

    public async Task EnqueueAsync(SuggestionPageMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _created.EnsureAsync(cancellationToken);
        try
        {
            await queue.SendMessageAsync(SuggestionMessages.Serialize(message), cancellationToken: cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception is { Status: 404, ErrorCode: "QueueNotFound" })
        {
            _created.Reset(); // deleted under the running app: the next call creates it again
            throw;
        }
    }
}
