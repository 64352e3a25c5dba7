using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Qualification;

/// <summary>
/// Rescores one lead from its stored profile and events with the current model and saves the result with
/// optimistic concurrency. A move into SQL writes its sales hand-off in the same atomic write, so a lead is handed
/// off exactly once however often it is rescored. Redelivered messages change nothing.
/// </summary>
public sealed partial class LeadRescoringService(
    ILeadScoreStore scores,
    IDecayReviewIndex decayReviews,
    LeadScorer scorer,
    TimeProvider timeProvider,
    ILogger<LeadRescoringService> logger)
{
    private const int MaxAttempts = 5;

    public Task<RescoreOutcome> RescoreAsync(string leadId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        return RescoreAsync(leadId, review: null, cancellationToken);
    }

    /// <summary>
    /// A due decay review: rescores the lead when the review is still its current one. A stale review row (the lead
    /// moved its review, or is gone) is removed instead, without a write to the lead. The check uses the lead this
    /// rescore reads anyway, so a review costs no extra read.
    /// </summary>
    public Task<RescoreOutcome> ReviewDecayAsync(DecayReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentException.ThrowIfNullOrEmpty(review.LeadId, nameof(review));
        return RescoreAsync(review.LeadId, review, cancellationToken);
    }

    private async Task<RescoreOutcome> RescoreAsync(string leadId, DecayReview? review, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var state = await scores.GetScoringStateAsync(leadId, cancellationToken);
            if (await NothingToScoreAsync(leadId, state, review, cancellationToken) is { } skipped)
            {
                return skipped;
            }

            if (await TrySaveAsync(state!, cancellationToken) is { } saved)
            {
                return saved;
            }

            LogConflict(logger, leadId, attempt);
        }

        throw new LeadConcurrencyException(leadId);
    }

    /// <summary>
    /// The lead is gone, or the decay review is no longer its current one (checked on every attempt: a concurrent rescore
    /// that won the ETag race may have moved the review): the review row is removed and nothing is scored. Null otherwise.
    /// </summary>
    private async Task<RescoreOutcome?> NothingToScoreAsync(
        string leadId,
        LeadScoringState? state,
        DecayReview? review,
        CancellationToken cancellationToken)
    {
        var outcome = state is null ? RescoreOutcome.LeadNotFound
            : review is not null && !review.IsCurrentFor(state.Lead) ? RescoreOutcome.StaleReview
            : (RescoreOutcome?)null;
        if (outcome is not null && review is not null)
        {
            await decayReviews.RemoveDecayReviewAsync(review, cancellationToken);
        }

        if (outcome == RescoreOutcome.LeadNotFound)
        {
            LogGone(logger, leadId);
        }

        return outcome;
    }

    /// <summary>Scores the lead as read and saves it (with a hand-off on a move into SQL); null when it changed meanwhile.</summary>
    private async Task<RescoreOutcome?> TrySaveAsync(LeadScoringState state, CancellationToken cancellationToken)
    {
        var lead = state.Lead;
        var standing = lead.Score is { } previous ? new LeadStanding(previous.Stage, previous.StageHistory) : LeadStanding.New;
        var now = timeProvider.GetUtcNow();
        var score = scorer.Score(lead.Profile, lead.Attribution, state.Events, standing, now);
        var next = StageHistoryCompaction.Compact(StoredScore.From(score) with { CompactedHistory = lead.Score?.CompactedHistory ?? [] });
        if (lead.Score is { } current && IsSameOutcome(current, next, now))
        {
            await KeepOutcomeSnapshotAsync(state, cancellationToken);
            return RescoreOutcome.Unchanged;
        }

        var handoff = score.StageChange is { To: LeadStage.SQL } change ? SalesHandoff.For(lead.LeadId, change.At) : null;
        if (!await scores.TrySaveScoreAsync(lead, next, handoff, now, cancellationToken))
        {
            return null;
        }

        if (score.StageChange is { } moved)
        {
            LogStageChanged(logger, lead.LeadId, moved.From, moved.To);
        }

        LogRescored(logger, lead.LeadId, next.Stage, next.FitScore, next.EngagementScore);
        await KeepOutcomeSnapshotAsync(state with { Lead = lead with { Score = next, UpdatedAt = now } }, cancellationToken);
        return handoff is null ? RescoreOutcome.Rescored : RescoreOutcome.HandedOff;
    }

    /// <summary>
    /// A lead at an outcome stage keeps its latest state on its outcome index row, so backtests and suggestions read
    /// whole pages of outcomes (<see cref="ILeadScoreStore.SaveOutcomeSnapshotAsync"/>). Every rescore of such a lead
    /// refreshes it: the one that follows a recorded outcome, and those after a late event or a profile change.
    /// </summary>
    private Task KeepOutcomeSnapshotAsync(LeadScoringState state, CancellationToken cancellationToken) =>
        state.Lead.Stage.IsOutcome() ? scores.SaveOutcomeSnapshotAsync(state, cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Same scores, stage and explanation (the events machines made included) from the same model: nothing to write. A
    /// redelivered message, or a decay review that changed nothing visible, leaves the stored lead as it was, unless its
    /// decay review is due (then the save moves the review forward).
    /// </summary>
    private static bool IsSameOutcome(StoredScore current, StoredScore next, DateTimeOffset now) =>
        current.FitScore == next.FitScore
        && current.EngagementScore == next.EngagementScore
        && current.Stage == next.Stage
        && current.IsPql == next.IsPql
        && current.Grade == next.Grade
        && current.EventCount == next.EventCount
        && current.ModelVersion == next.ModelVersion
        && (current.DecayReviewDueAt is { } due
            ? due > now && next.DecayReviewDueAt is not null
            : next.DecayReviewDueAt is null)
        && current.Breakdown.SequenceEqual(next.Breakdown)
        && current.IgnoredEvents.SequenceEqual(next.IgnoredEvents);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Rescored {LeadId} to {Stage} (fit {FitScore}, engagement {EngagementScore})")]
    private static partial void LogRescored(ILogger logger, string leadId, LeadStage stage, decimal fitScore, decimal engagementScore);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} moved from {From} to {To}")]
    private static partial void LogStageChanged(ILogger logger, string leadId, LeadStage from, LeadStage to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} no longer exists; nothing to rescore")]
    private static partial void LogGone(ILogger logger, string leadId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lead {LeadId} changed while rescoring (attempt {Attempt}); reading it again")]
    private static partial void LogConflict(ILogger logger, string leadId, int attempt);
}
