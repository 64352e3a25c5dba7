using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// Turns a lead with a known outcome into what a suggestion needs of it (<see cref="ScoredOutcome"/>): scored by the
/// live model as of its outcome, from its profile, attribution and the events it had by then (later events are left
/// out), with its captured field values and event features for rule discovery.
/// </summary>
public static class OutcomeEvidence
{
    /// <summary>The evidence of <paramref name="outcome"/> under the model of <paramref name="scorer"/> (a fixed-model scorer).</summary>
    public static ScoredOutcome Of(LeadScorer scorer, RuleActivations activations, KnownOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(outcome);
        var model = scorer.Model;
        var at = outcome.OutcomeAt;
        var events = outcome.EventsUntil(at);
        var score = scorer.Score(outcome.Profile, outcome.Attribution, events, LeadStanding.New, at);
        var highIntent = model.Qualification.Sql.HighIntentEventTypes;
        return new ScoredOutcome(outcome.LeadId, outcome.IsWon, activations.Read(score), score.TotalScore)
        {
            OutcomeAt = at,
            LiveFit = score.FitScore,
            LiveEngagement = score.EngagementScore,
            Bant = score.Bant,
            HighIntent = events.Any(e => at - e.OccurredAt <= model.HighIntentWindow
                && highIntent.Contains(e.Type, StringComparer.OrdinalIgnoreCase)),
            Fields = CapturedFields.Read(outcome.Profile, outcome.Attribution, model),
            Events = EventFeature.Read(events),
        };
    }
}
