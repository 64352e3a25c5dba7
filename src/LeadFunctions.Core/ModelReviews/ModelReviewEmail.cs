namespace LeadFunctions.ModelReviews;

/// <summary>
/// The email of a review whose verdict needs one: an outbox entry sent through the shared outbox step (claimed with a
/// lease under the review's ETag, sent, recorded), so a second run or instance never sends it again.
/// </summary>
public sealed record ModelReviewEmail
{
    /// <summary>The inbox it goes to (<c>Models__ReviewRecipient</c> when the review was recorded).</summary>
    public required string Recipient { get; init; }

    public ModelReviewEmailStatus Status { get; init; } = ModelReviewEmailStatus.Pending;

    public int Attempts { get; init; }

    /// <summary>When it is due: at once when recorded, the claim's lease while sending, the backoff after a failure.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    /// <summary>True when a run may take it now: pending and due, or claimed by a run whose lease ran out.</summary>
    public bool IsDueAt(DateTimeOffset now) =>
        Status is ModelReviewEmailStatus.Pending or ModelReviewEmailStatus.Sending && (NextAttemptAt is null || NextAttemptAt <= now);
}
