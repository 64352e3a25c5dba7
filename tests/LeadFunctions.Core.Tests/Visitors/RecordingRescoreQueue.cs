using LeadFunctions.Qualification;

namespace LeadFunctions.Core.Tests.Visitors;

/// <summary>A rescore queue that records each request (the lead ids of one enqueue call).</summary>
internal sealed class RecordingRescoreQueue : IRescoreQueue
{
    private readonly List<IReadOnlyCollection<string>> _requests = [];

    public IReadOnlyList<IReadOnlyCollection<string>> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every lead id asked for, in order, with repeats.</summary>
    public IReadOnlyList<string> Leads => [.. Requests.SelectMany(ids => ids)];

    public Task EnqueueAsync(IReadOnlyCollection<string> leadIds, CancellationToken cancellationToken = default) =>
        EnqueueAsync(leadIds, null, cancellationToken);

    public Task EnqueueAsync(IReadOnlyCollection<string> leadIds, string? modelVersion, CancellationToken cancellationToken = default)
    {
        lock (_requests)
        {
            _requests.Add([.. leadIds]);
        }

        return Task.CompletedTask;
    }

    public Task EnqueueRescoreAllAsync(string? continuationToken, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Not asked for by visitor tracking.");

    public Task EnqueueRescoreAllAsync(string? continuationToken, string? modelVersion, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Not asked for by visitor tracking.");
}
