using LeadFunctions.Qualification;
using Azure.Storage.Queues;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// <see cref="IRescoreQueue"/> on the <c>lead-rescore</c> storage queue (base64 JSON messages, as the Functions
/// queue trigger reads them). A retried send can duplicate a message; rescoring is idempotent, so that is safe.
/// </summary>
public sealed class StorageRescoreQueue(QueueClient queue) : IRescoreQueue
{
    private const int SendParallelism = 16;
    private readonly CreateOnce _created = new(() => queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));

    public async Task EnqueueAsync(IReadOnlyCollection<string> leadIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        try
        {
            await SendAsync(leadIds, cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception is { Status: 404, ErrorCode: "QueueNotFound" })
        {
            _created.Reset(); // deleted under the running app: the next call creates it again
            throw;
        }
    }

    private async Task SendAsync(IReadOnlyCollection<string> leadIds, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(cancellationToken);
        if (leadIds.Count == 1)
        {
            await queue.SendMessageAsync(RescoreMessages.ForLead(leadIds.First()), cancellationToken: cancellationToken);
            return;
        }

        await Parallel.ForEachAsync(
            leadIds.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = SendParallelism, CancellationToken = cancellationToken },
            async (leadId, token) => await queue.SendMessageAsync(RescoreMessages.ForLead(leadId), cancellationToken: token));
    }

    public async Task EnqueueRescoreAllAsync(string? continuationToken, CancellationToken cancellationToken = default)
    {
        await EnsureQueueAsync(cancellationToken);
        await queue.SendMessageAsync(
            RescoreMessages.Serialize(new RescoreRequest { All = true, ContinuationToken = continuationToken }),
            cancellationToken: cancellationToken);
    }

    private Task EnsureQueueAsync(CancellationToken cancellationToken) => _created.EnsureAsync(cancellationToken);
}
