namespace LeadFunctions.Qualification;

/// <summary>The port to the <c>lead-rescore</c> queue: the work the HTTP path hands to the queue function.</summary>
public interface IRescoreQueue
{
    /// <summary>Asks for each lead to be rescored (one message per lead).</summary>
    Task EnqueueAsync(IReadOnlyCollection<string> leadIds, CancellationToken cancellationToken = default);

    /// <summary>Asks for each lead to be rescored with <paramref name="modelVersion"/> (a publish's rescore).</summary>
    Task EnqueueAsync(IReadOnlyCollection<string> leadIds, string? modelVersion, CancellationToken cancellationToken = default);

    /// <summary>Asks for the next page of a rescore of every lead (a cursor that walks all leads at the queue's pace).</summary>
    Task EnqueueRescoreAllAsync(string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>The next page of a rescore of every lead started by the publish of <paramref name="modelVersion"/>.</summary>
    Task EnqueueRescoreAllAsync(string? continuationToken, string? modelVersion, CancellationToken cancellationToken = default);
}
