using LeadFunctions.Leads;

namespace LeadFunctions.Qualification;

/// <summary>
/// The port where a lead's score is read for and saved by a rescoring: the lead with all its events, and the new score
/// with the sales hand-off it requires, in one atomic write. Safe to call again after a failure or a crash; a lead
/// whose erasure began is gone here as everywhere (<see cref="ILeadErasure"/>).
/// </summary>
public interface ILeadScoreStore
{
    /// <summary>The lead with every stored event (in time order) and its ETag, or null when it does not exist.</summary>
    Task<LeadScoringState?> GetScoringStateAsync(string leadId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a new score for the lead read as <paramref name="current"/> (guarded by its ETag) and, in the same atomic
    /// write, the sales hand-off it requires. Also moves the lead in the stage and decay-review indexes. False when the
    /// lead changed since it was read (read again and rescore) or no longer exists.
    /// </summary>
    Task<bool> TrySaveScoreAsync(
        Lead current,
        StoredScore score,
        SalesHandoff? handoff,
        DateTimeOffset now,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps the outcome of <paramref name="state"/> (a lead at an outcome stage: Won, Lost or Disqualified, with every
    /// event; <see cref="KnownOutcome"/>) on its row of that stage's index, so models are judged and fitted from whole
    /// pages of index rows instead of one read per lead (<see cref="ListOutcomeSnapshotsAsync"/>). Never creates the row:
    /// when the lead left the stage meanwhile (its row is gone), nothing is written. A snapshot too large for one row, or
    /// of a lead whose stage history does not say when it was decided, is not kept (readers read that lead).
    /// </summary>
    Task SaveOutcomeSnapshotAsync(LeadScoringState state, CancellationToken cancellationToken = default);

    /// <summary>
    /// An outcome stage's index rows with their snapshots, a page at a time, in the index's order (one request per 100
    /// rows on Table Storage, the next sent while the last is decoded). Rows can be stale as every index row can; a
    /// snapshot is checked against its row's stage.
    /// </summary>
    Task<OutcomeSnapshotPage> ListOutcomeSnapshotsAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default);
}
