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

    public Task EnqueueAsync(IReadOnlyCollection<string> leadIds, CancellationToken cancellationToken = default) =>
        EnqueueAsync(leadIds, null, cancellationToken);

    public async Task EnqueueAsync(IReadOnlyCollection<string> leadIds, string? modelVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        try
        {
            await SendAsync(leadIds, modelVersion, cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception is { Status: 404, ErrorCode: "QueueNotFound" })
        {
            _created.Reset(); // deleted under the running app: the next call creates it again
            throw;
        }
    }

    private async Task SendAsync(IReadOnlyCollection<string> leadIds, string? modelVersion, CancellationToken cancellationToken)
    {
        await EnsureQueueAsync(cancellationToken);
        if (leadIds.Count == 1)
        {
            await queue.SendMessageAsync(RescoreMessages.ForLead(leadIds.First(), modelVersion), cancellationToken: cancellationToken);
            return;
        }

        await Parallel.ForEachAsync(
            leadIds.Distinct(StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = SendParallelism, CancellationToken = cancellationToken },
            async (leadId, token) => await queue.SendMessageAsync(RescoreMessages.ForLead(leadId, modelVersion), cancellationToken: token));
    }

    public Task EnqueueRescoreAllAsync(string? continuationToken, CancellationToken cancellationToken = default) =>
        EnqueueRescoreAllAsync(continuationToken, null, cancellationToken);

    public async Task EnqueueRescoreAllAsync(string? continuationToken, string? modelVersion, CancellationToken cancellationToken = default)
    {
        await EnsureQueueAsync(cancellationToken);
        var cursor = new RescoreRequest { All = true, ContinuationToken = continuationToken, ModelVersion = modelVersion };
        await queue.SendMessageAsync(
            RescoreMessages.Serialize(cursor),
            cancellationToken: cancellationToken);
    }

    private Task EnsureQueueAsync(CancellationToken cancellationToken) => _created.EnsureAsync(cancellationToken);
}
