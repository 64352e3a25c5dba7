using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Sales;

/// <summary>
/// Records what sales did with a lead (from the hand-off page or the status API): decides with
/// <see cref="SalesTransitions"/>, then writes the move into the lead's stage history with optimistic concurrency
/// (If-Match on the lead's ETag; a concurrent change makes it read and decide again). A status carrying an external
/// id is recorded once: its receipt (with the hash of its body) is written in the same atomic write; a replay with the
/// same body answers the current state, one with another body is refused, naming the status recorded under the id.
/// </summary>
public sealed partial class SalesStatusService(
    ILeadRepository leads,
    ISalesActionStore salesActions,
    LeadRescoringService rescoring,
    IOptions<SalesOptions> options,
    TimeProvider timeProvider,
    ILogger<SalesStatusService> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>The answer and the lead afterwards; null when the lead does not exist (or was erased).</summary>
    public async Task<SalesStatusResult?> RecordAsync(
        string leadId,
        SalesAction action,
        SalesStatusReceipt? receipt = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!Lead.IsValidLeadId(leadId))
        {
            return null;
        }

        if (receipt is not null
            && await salesActions.GetSalesStatusReceiptAsync(leadId, receipt.ExternalId, cancellationToken) is { } earlier)
        {
            return await ReplayAsync(leadId, receipt, earlier, cancellationToken);
        }

        return await RecordNewAsync(leadId, action, receipt, cancellationToken);
    }

    /// <summary>Reads, decides and saves until the save wins its ETag race (at most <see cref="MaxAttempts"/> times).</summary>
    private async Task<SalesStatusResult?> RecordNewAsync(
        string leadId,
        SalesAction action,
        SalesStatusReceipt? receipt,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await leads.GetLeadAsync(leadId, cancellationToken) is not { } lead)
            {
                return null;
            }

            if (lead.Score is not { } score)
            {
                // Captured moments ago and not scored yet: score it now, so the action has a stage and a history to join.
                await rescoring.RescoreAsync(leadId, cancellationToken);
                continue;
            }

            var (done, result) = await TrySaveAsync(lead, score, action, receipt, cancellationToken);
            if (done)
            {
                return result;
            }

            LogConflict(logger, leadId, attempt);
        }

        throw new LeadConcurrencyException(leadId);
    }

    /// <summary>
    /// Decides on the lead as read and saves the move; not done when the lead changed meanwhile (read it again and decide
    /// again). A null result when done: the lead was erased.
    /// </summary>
    private async Task<(bool Done, SalesStatusResult? Result)> TrySaveAsync(
        Lead lead,
        StoredScore score,
        SalesAction action,
        SalesStatusReceipt? receipt,
        CancellationToken cancellationToken)
    {
        var transition = SalesTransitions.Decide(lead.Stage, score.StageHistory, action, options.Value);
        if (transition.Change is not { } change)
        {
            return (true, new SalesStatusResult(transition, lead));
        }

        if (action.SeenState is { } seen && seen != HandoffPageState.Of(score))
        {
            // Decided on the lead as read and saved under its ETag: a page older than this read never changes the lead.
            return (true, new SalesStatusResult(SalesTransitions.Stale(lead.Stage), lead));
        }

        var updated = StageHistoryCompaction.Compact(
            score with { Stage = transition.Stage, StageHistory = [.. score.StageHistory, change] });
        switch (await salesActions.TrySaveSalesActionAsync(lead, updated, receipt, timeProvider.GetUtcNow(), cancellationToken))
        {
            case SalesSaveResult.Saved:
                LogRecorded(logger, lead.LeadId, action.Kind, change.From, change.To);
                return (true, new SalesStatusResult(transition, lead with { Score = updated }));
            case SalesSaveResult.AlreadyRecorded:
                // A concurrent request with the same external id won: answer as its replay.
                var earlier = await salesActions.GetSalesStatusReceiptAsync(lead.LeadId, receipt!.ExternalId, cancellationToken);
                return (true, earlier is null ? null : await ReplayAsync(lead.LeadId, receipt, earlier, cancellationToken));
            case SalesSaveResult.NotFound:
                return (true, null);
            default:
                return (false, null);
        }
    }

    /// <summary>
    /// A status whose external id was recorded before: the same body (or a receipt that kept none) answers the current
    /// state; another body is refused, naming the status recorded under the id. Nothing changes either way.
    /// </summary>
    private async Task<SalesStatusResult?> ReplayAsync(
        string leadId,
        SalesStatusReceipt replay,
        SalesStatusReceipt earlier,
        CancellationToken cancellationToken)
    {
        var lead = await leads.GetLeadAsync(leadId, cancellationToken);
        if (lead is null)
        {
            return null;
        }

        if (!earlier.HasSameBodyAs(replay))
        {
            LogReused(logger, leadId);
            var recorded = earlier.Status is { } status ? SalesStatusNames.Of(status) : "another status";
            var refused = new SalesTransition(
                SalesTransitionOutcome.ExternalIdReused,
                lead.Stage,
                $"This externalId was already recorded for the lead with another body (status {recorded}): nothing changed. "
                + "A retry must send the same body; a new change needs a new externalId.");
            return new SalesStatusResult(refused, lead) { EarlierReceipt = earlier };
        }

        LogReplay(logger, leadId);
        var answer = new SalesTransition(
            SalesTransitionOutcome.AlreadyInThatState,
            lead.Stage,
            $"Already recorded (same externalId): the lead is {lead.Stage}; nothing changed.");
        return new SalesStatusResult(answer, lead) { EarlierReceipt = earlier };
    }

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Sales status for lead {LeadId} reused an external id recorded with another body; nothing changed")]
    private static partial void LogReused(ILogger logger, string leadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sales action {Action} recorded for lead {LeadId}: {From} to {To}")]
    private static partial void LogRecorded(ILogger logger, string leadId, SalesActionKind action, LeadStage from, LeadStage to);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Sales status for lead {LeadId} was recorded before (same external id); nothing changed")]
    private static partial void LogReplay(ILogger logger, string leadId);

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Lead {LeadId} changed while recording a sales action (attempt {Attempt}); reading it again")]
    private static partial void LogConflict(ILogger logger, string leadId, int attempt);
}
