using LeadFunctions.Engagement;
using LeadFunctions.Leads;

namespace LeadFunctions.Modeling;

/// <summary>
/// A lead whose outcome sales recorded, with everything a model needs to be judged on it: the lead and its events,
/// the outcome (Won is the positive class; Lost and Disqualified the negative), and when it was decided.
/// </summary>
public sealed record KnownOutcome(LeadScoringState State, LeadStage Outcome, DateTimeOffset OutcomeAt)
{
    public bool IsWon => Outcome == LeadStage.Won;

    /// <summary>
    /// The events that had happened by <paramref name="asOf"/> (the events are in time order). Scoring as of a past
    /// time must not see later events: the scorer would clamp them to that time and count them.
    /// </summary>
    public IReadOnlyList<EngagementEvent> EventsUntil(DateTimeOffset asOf)
    {
        var events = State.Events;
        var count = events.Count;
        while (count > 0 && events[count - 1].OccurredAt > asOf)
        {
            count--;
        }

        return count == events.Count ? events : [.. events.Take(count)];
    }
}
