using LeadFunctions.Leads;

namespace LeadFunctions.Qualification;

/// <summary>
/// The port to the index of decay reviews: which leads' engagement must be decayed when. A saved score enters its review
/// (<see cref="ILeadScoreStore.TrySaveScoreAsync"/>); the timer reads the due ones here.
/// </summary>
public interface IDecayReviewIndex
{
    /// <summary>
    /// Decay reviews due at <paramref name="now"/>, the earliest hour first, read from an index (one query per page),
    /// so the cost grows with the number of due leads and not with the number of leads. The rows are not checked
    /// against their leads here: a row can be stale (its lead moved its review, or is gone). The caller reads each
    /// lead anyway, so it checks the row then (<see cref="DecayReview.IsCurrentFor"/>) and removes a stale one with
    /// <see cref="RemoveDecayReviewAsync"/>; that saves a read per due lead.
    /// </summary>
    Task<IReadOnlyList<DecayReview>> GetDueDecayReviewsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default);

    /// <summary>Removes a stale decay review row. Idempotent.</summary>
    Task RemoveDecayReviewAsync(DecayReview review, CancellationToken cancellationToken = default);
}
