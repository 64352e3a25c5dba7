using LeadFunctions.Leads;

namespace LeadFunctions.Scoring;

/// <summary>
/// What the scores may do to a lead's stage, given where it stands: the one place that knows that a sales decision
/// outranks the scores. Scores never move a lead out of a stage sales set (SAL, Won, Lost, Disqualified); a recycled
/// lead is judged again only on engagement newer than its recycling; a jump from nurture straight to SQL records the
/// MQL it passed through, at the same time, so funnel counts add up. Pure.
/// </summary>
public static class StagePolicy
{
    /// <summary>The stage the scores are compared from: a recycled lead competes as a new lead.</summary>
    public static LeadStage ScoringBasis(LeadStanding standing)
    {
        ArgumentNullException.ThrowIfNull(standing);
        return standing.Stage == LeadStage.Recycled ? LeadStage.Lead : standing.Stage;
    }

    /// <summary>
    /// The moves the scores make: none when the lead keeps its stage; Lead (or Recycled) to MQL to SQL when the scores
    /// qualify it as an SQL from nurture; otherwise the one move to <paramref name="qualified"/>.
    /// </summary>
    /// <param name="standing">Where the lead stood before this scoring.</param>
    /// <param name="qualified">The stage the scores alone give, judged from <see cref="ScoringBasis"/>.</param>
    /// <param name="reason">Why the scores give that stage.</param>
    /// <param name="at">The scoring time.</param>
    /// <param name="breakdown">The scoring's contributions (their event times tell whether there is new engagement).</param>
    public static IReadOnlyList<StageChange> Moves(
        LeadStanding standing,
        LeadStage qualified,
        string reason,
        DateTimeOffset at,
        IReadOnlyList<ScoreContribution> breakdown)
    {
        ArgumentNullException.ThrowIfNull(standing);
        ArgumentNullException.ThrowIfNull(breakdown);
        var from = standing.Stage;
        if (!ScoresMayMove(standing, breakdown) || qualified == ScoringBasis(standing))
        {
            return [];
        }

        return qualified == LeadStage.SQL && from.IsNurture()
            ? [new StageChange(
                from,
                LeadStage.MQL,
                at,
                "on the way to SQL: " + reason), new StageChange(LeadStage.MQL, LeadStage.SQL, at, reason)]
            : [new StageChange(from, qualified, at, reason)];
    }

    /// <summary>False while sales holds the lead, and for a recycled lead until it engages after its recycling.</summary>
    public static bool ScoresMayMove(LeadStanding standing, IReadOnlyList<ScoreContribution> breakdown)
    {
        ArgumentNullException.ThrowIfNull(standing);
        ArgumentNullException.ThrowIfNull(breakdown);
        if (standing.Stage.IsHeldBySales())
        {
            return false;
        }

        return standing.Stage != LeadStage.Recycled || HasEngagementAfter(breakdown, RecycledAt(standing.History));
    }

    private static DateTimeOffset RecycledAt(IReadOnlyList<StageChange> history)
    {
        for (var i = history.Count - 1; i >= 0; i--)
        {
            if (history[i].To == LeadStage.Recycled && history[i].IsMove)
            {
                return history[i].At;
            }
        }

        return DateTimeOffset.MinValue;
    }

    /// <summary>An engagement event with positive points (before decay and limits) that happened after <paramref name="since"/>.</summary>
    private static bool HasEngagementAfter(IReadOnlyList<ScoreContribution> breakdown, DateTimeOffset since)
    {
        foreach (var contribution in breakdown)
        {
            if (contribution is { Kind: ScoreKind.Engagement, BasePoints: > 0, OccurredAt: { } occurredAt } && occurredAt > since)
            {
                return true;
            }
        }

        return false;
    }
}
