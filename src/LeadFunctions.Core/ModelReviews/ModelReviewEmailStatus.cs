namespace LeadFunctions.ModelReviews;

/// <summary>Where a review's email is in the outbox.</summary>
public enum ModelReviewEmailStatus
{
    /// <summary>Recorded; sent by the next run that finds it due.</summary>
    Pending = 0,

    /// <summary>Claimed by a run (with a lease).</summary>
    Sending = 1,

    /// <summary>The relay accepted it.</summary>
    Sent = 2,

    /// <summary>Every attempt failed; given up.</summary>
    Failed = 3,
}
