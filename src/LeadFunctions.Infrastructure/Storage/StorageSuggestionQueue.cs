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
    private readonly QueueSender _sender = new(queue);

    public Task EnqueueAsync(SuggestionPageMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _sender.SendAsync(SuggestionMessages.Serialize(message), cancellationToken);
    }
}
