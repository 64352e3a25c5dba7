using LeadFunctions.Engagement;

namespace LeadFunctions.Scoring;

/// <summary>
/// What the engagement step decided for one counted event, in 24 bytes: the rest of its
/// <see cref="ScoreContribution"/> (labels, points, time, note) follows from the model and the scoring time, and is
/// built by <see cref="ScoreBreakdown"/> when read. A breakdown of a few hundred events stays a few kilobytes.
/// </summary>
/// <param name="Event">The event; its id is the contribution's source.</param>
/// <param name="RuleIndex">The engagement rule that matched it (index into the model's rules).</param>
/// <param name="DecayFactor">The factor for its age; 1 when a repeat limit kept it from counting.</param>
/// <param name="RepeatLimit">The repeat limit that kept it from counting, or <see cref="RepeatLimitKind.None"/>.</param>
internal readonly record struct EventContribution(
    EngagementEvent Event,
    int RuleIndex,
    double DecayFactor,
    RepeatLimitKind RepeatLimit);
