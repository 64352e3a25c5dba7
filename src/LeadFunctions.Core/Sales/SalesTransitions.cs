using System.Globalization;
using LeadFunctions.Leads;

namespace LeadFunctions.Sales;

/// <summary>
/// Which sales actions apply to a lead, given its stage and stage history. Pure. Accept and reject answer the lead's
/// latest hand-off (the latest move into SQL): refused when it was never handed off, when another decision was made
/// on it, or when the action names an earlier hand-off; rejecting a won lead is refused. Won, lost and disqualify are
/// facts from the CRM, recorded whatever the stage. Outcomes are ordered by when they happened: a won, lost, disqualified
/// or recycled older than the lead's latest outcome (its latest move into Won, Lost or Disqualified) is kept in the history
/// without moving the lead. Repeating an action changes nothing and answers the current state.
/// </summary>
public static class SalesTransitions
{
    public static SalesTransition Decide(LeadStage stage, IReadOnlyList<StageChange> history, SalesAction action, SalesOptions options)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(options);
        var latest = LatestHandoffId(history);
        if (action.HandoffId is { } handoffId && !string.Equals(handoffId, latest, StringComparison.Ordinal))
        {
            return Refused(
                stage,
                "This link is for an earlier hand-off of the lead: it was handed to sales again since. Use the link in the latest email.");
        }

        var transition = action.Kind switch
        {
            SalesActionKind.Accept => Accept(stage, history, latest, action),
            SalesActionKind.Reject => Reject(stage, history, latest, action, options),
            SalesActionKind.Recycle => Recycle(stage, action),
            SalesActionKind.Won => Fact(stage, LeadStage.Won, action, action.Reason ?? "won"),
            SalesActionKind.Lost => Fact(stage, LeadStage.Lost, action, action.Reason ?? "lost"),
            SalesActionKind.Disqualify => Fact(stage, LeadStage.Disqualified, action, action.Reason ?? "disqualified"),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "Unknown sales action."),
        };
        return OrderedByTime(stage, history, action, transition);
    }

    /// <summary>
    /// The lead's latest outcome: its latest move into Won, Lost or Disqualified (by a sales action: the scores never move
    /// a lead there), or null when it has none.
    /// </summary>
    public static StageChange? LatestOutcome(IReadOnlyList<StageChange> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        StageChange? latest = null;
        foreach (var change in history)
        {
            if (change.IsMove && change.Action is not null && change.To is LeadStage.Won or LeadStage.Lost or LeadStage.Disqualified
                && (latest is null || change.At >= latest.At))
            {
                latest = change;
            }
        }

        return latest;
    }

    /// <summary>
    /// An outcome (won, lost, disqualified, recycled) that would move the lead although it happened before the lead's latest
    /// outcome: recorded as history instead, the lead staying where it is (a repeat of one recorded so changes nothing).
    /// </summary>
    private static SalesTransition OrderedByTime(
        LeadStage stage,
        IReadOnlyList<StageChange> history,
        SalesAction action,
        SalesTransition decided)
    {
        if (decided is not { Outcome: SalesTransitionOutcome.Applied, Change: { } change }
            || action.Kind is not (SalesActionKind.Won or SalesActionKind.Lost or SalesActionKind.Disqualify or SalesActionKind.Recycle)
            || LatestOutcome(history) is not { } latest
            || action.OccurredAt >= latest.At)
        {
            return decided;
        }

        if (history.Any(past => past.RecordedAsHistory && past.To == change.To && past.At == change.At && past.Action == change.Action))
        {
            return Already(stage);
        }

        var status = SalesStatusNames.Of(action.Kind);
        var at = latest.At.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new SalesTransition(
            SalesTransitionOutcome.RecordedAsHistory,
            stage,
            $"Recorded as history: this {status} happened before the lead's latest outcome ({latest.To} on {at} UTC), "
            + $"so the lead stays {stage}.")
        {
            Change = change with { From = stage, RecordedAsHistory = true },
        };
    }

    /// <summary>The id of the lead's latest hand-off (its latest move into SQL), or null when it was never handed off.</summary>
    public static string? LatestHandoffId(IReadOnlyList<StageChange> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var index = LatestHandoffIndex(history);
        return index < 0 ? null : SalesHandoff.IdFor(history[index].At);
    }

    /// <summary>
    /// True when sales has answered the hand-off (any sales action since it), or the lead was handed off again since:
    /// then no SLA reminder is due for it.
    /// </summary>
    public static bool IsAnswered(IReadOnlyList<StageChange> history, string handoffId)
    {
        ArgumentNullException.ThrowIfNull(history);
        return !string.Equals(LatestHandoffId(history), handoffId, StringComparison.Ordinal)
            || ActionsSinceLatestHandoff(history).Count > 0;
    }

    /// <summary>The sales actions recorded after the latest hand-off, oldest first.</summary>
    public static IReadOnlyList<StageChange> ActionsSinceLatestHandoff(IReadOnlyList<StageChange> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var index = LatestHandoffIndex(history);
        return index < 0 ? [] : [.. history.Skip(index + 1).Where(change => change.Action is not null)];
    }

    private static SalesTransition Accept(LeadStage stage, IReadOnlyList<StageChange> history, string? latest, SalesAction action)
    {
        var since = ActionsSinceLatestHandoff(history);
        if (stage == LeadStage.SAL || since.Any(change => change.Action == SalesActionKind.Accept))
        {
            return Already(stage);
        }

        if (latest is null)
        {
            return Refused(stage, $"The lead was never handed to sales (it is {stage}): only a hand-off can be accepted.");
        }

        return since.Count > 0
            ? Refused(stage, $"Sales already answered this hand-off ({Describe(since[^1])}): the lead is {stage}.")
            : Applied(stage, LeadStage.SAL, action, "accepted by sales");
    }

    private static SalesTransition Reject(
        LeadStage stage,
        IReadOnlyList<StageChange> history,
        string? latest,
        SalesAction action,
        SalesOptions options)
    {
        if (ActionsSinceLatestHandoff(history).Any(change => change.Action == SalesActionKind.Reject))
        {
            return Already(stage);
        }

        if (latest is null)
        {
            return Refused(stage, $"The lead was never handed to sales (it is {stage}): only a hand-off can be rejected.");
        }

        if (stage is LeadStage.Won or LeadStage.Lost or LeadStage.Recycled or LeadStage.Disqualified)
        {
            var why = stage == LeadStage.Won ? "a won lead cannot be rejected" : "there is nothing left to reject";
            return Refused(stage, $"The lead is already {stage}: {why}.");
        }

        var (target, reason) = options.FindRejectReason(action.Reason)
            ?? throw new ArgumentException(
                "The reject reason is not one of Sales__RecycleReasons or Sales__DisqualifyReasons.",
                nameof(action));
        return Applied(stage, target, action, reason);
    }

    private static SalesTransition Recycle(LeadStage stage, SalesAction action) => stage switch
    {
        LeadStage.Recycled => Already(stage),
        LeadStage.Won or LeadStage.Disqualified => Refused(stage, $"The lead is {stage}: it cannot go back to nurture."),
        _ => Applied(stage, LeadStage.Recycled, action, action.Reason ?? "recycled by sales"),
    };

    private static SalesTransition Fact(LeadStage stage, LeadStage outcome, SalesAction action, string reason) =>
        stage == outcome ? Already(stage) : Applied(stage, outcome, action, reason);

    private static SalesTransition Applied(LeadStage from, LeadStage to, SalesAction action, string reason) =>
        new(SalesTransitionOutcome.Applied, to, $"Recorded: the lead moved from {from} to {to}.")
        {
            Change = new StageChange(
                from,
                to,
                action.OccurredAt,
                reason) { Action = action.Kind, Actor = action.Actor, Note = action.Note },
        };

    private static SalesTransition Already(LeadStage stage) =>
        new(SalesTransitionOutcome.AlreadyInThatState, stage, $"Already recorded: the lead is {stage}; nothing changed.");

    private static SalesTransition Refused(LeadStage stage, string detail) => new(SalesTransitionOutcome.Refused, stage, detail);

    /// <summary>The answer to a page's action when the lead moved on since the page was rendered: nothing changes.</summary>
    public static SalesTransition Stale(LeadStage stage) => new(
        SalesTransitionOutcome.Stale,
        stage,
        $"This lead changed since you opened the page (it is {stage} now): nothing was changed. Reload the page to see it as it is.");

    private static string Describe(StageChange change) => $"{SalesStatusNames.Of(change.Action!.Value)}: {change.Reason}";

    private static int LatestHandoffIndex(IReadOnlyList<StageChange> history)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].To == LeadStage.SQL && history[i].Action is null && history[i].IsMove)
            {
                return i;
            }
        }

        return -1;
    }
}
