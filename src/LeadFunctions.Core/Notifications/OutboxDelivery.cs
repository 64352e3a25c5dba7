namespace LeadFunctions.Notifications;

/// <summary>
/// One email of an outbox as <see cref="OutboxStep"/> drives it: how to claim it (under its ETag, with a lease), send
/// it, and record it as sent or failed. Each dispatcher fills one per due item (a hand-off, its reminder, a model review).
/// </summary>
/// <typeparam name="TClaim">What a claim returns: the item with its new ETag.</typeparam>
/// <param name="LeadId">The lead the email is about (for the log); null for an email about no lead (a model review).</param>
/// <param name="ItemId">The item the email belongs to, a hand-off or a review (for the log).</param>
/// <param name="TryClaimAsync">Claims the item until the lease's end; null when another worker has it or it is gone.</param>
/// <param name="AttemptsOf">The claimed item's attempt count, this one included.</param>
/// <param name="SendAsync">Sends it; false when there is nothing to send any more (the lead was erased).</param>
/// <param name="TryRecordSentAsync">Records it as sent at the given time; false when the claim was lost meanwhile.</param>
/// <param name="RecordFailureAsync">Records a failed attempt: pending again at the given time, or given up (null).</param>
public sealed record OutboxDelivery<TClaim>(
    string? LeadId,
    string ItemId,
    Func<DateTimeOffset, Task<TClaim?>> TryClaimAsync,
    Func<TClaim, int> AttemptsOf,
    Func<TClaim, Task<bool>> SendAsync,
    Func<TClaim, DateTimeOffset, Task<bool>> TryRecordSentAsync,
    Func<TClaim, Exception, DateTimeOffset?, Task> RecordFailureAsync)
    where TClaim : class;
