using LeadFunctions.Engagement;
using LeadFunctions.Leads;

namespace LeadFunctions.Modeling;

/// <summary>
/// A lead whose outcome sales recorded, with everything a model is judged on: who the lead is (its id, profile and
/// attribution, the inputs of fit and field rules), its events in time order, the outcome (Won is the positive class;
/// Lost and Disqualified the negative), and when it was decided. Nothing of the lead's stored score: a model is judged
/// by scoring the lead again.
/// </summary>
public sealed record KnownOutcome(
    string LeadId,
    LeadProfile Profile,
    LeadAttribution Attribution,
    IReadOnlyList<EngagementEvent> Events,
    LeadStage Outcome,
    DateTimeOffset OutcomeAt)
{
    public bool IsWon => Outcome == LeadStage.Won;

    /// <summary>The outcome of a lead read with its events: <paramref name="outcome"/> decided at <paramref name="outcomeAt"/>.</summary>
    public static KnownOutcome Of(LeadScoringState state, LeadStage outcome, DateTimeOffset outcomeAt)
    {
        ArgumentNullException.ThrowIfNull(state);
        var lead = state.Lead;
        return new KnownOutcome(lead.LeadId, lead.Profile, lead.Attribution, state.Events, outcome, outcomeAt);
    }

    /// <summary>
    /// The events that had happened by <paramref name="asOf"/> (the events are in time order). Scoring as of a past
    /// time must not see later events: the scorer would clamp them to that time and count them.
    /// </summary>
    public IReadOnlyList<EngagementEvent> EventsUntil(DateTimeOffset asOf)
    {
        var events = Events;
        var count = events.Count;
        while (count > 0 && events[count - 1].OccurredAt > asOf)
        {
            count--;
        }

        return count == events.Count ? events : [.. events.Take(count)];
    }
}
