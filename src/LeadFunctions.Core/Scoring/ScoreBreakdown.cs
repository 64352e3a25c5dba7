using System.Collections;

namespace LeadFunctions.Scoring;

/// <summary>
/// A score's explanation in scoring order: the fit contributions, one per counted event, then the adjustments of caps
/// and limits. Events are kept as <see cref="EventContribution"/> (24 bytes each instead of a 104-byte
/// <see cref="ScoreContribution"/>) and each one is built when read, from the model and the scoring time, with the
/// same values the engagement step computed: scoring a lead with hundreds of events allocates a few kilobytes, and
/// reading a contribution allocates nothing. It holds the events it explains (immutable records) for as long as the
/// score is kept; <see cref="Leads.StoredScore"/> copies what it keeps. Immutable once built.
/// </summary>
internal sealed class ScoreBreakdown : IReadOnlyList<ScoreContribution>
{
    private readonly ScoringModel _model;
    private readonly ScoreContribution[] _rules;
    private readonly int _fitCount;
    private readonly EventContribution[] _events;
    private readonly int _eventCount;
    private readonly string?[]? _clampNotes;
    private readonly DateTimeOffset _asOf;

    /// <summary>The breakdown of one scoring, from its fit step and its engagement tally.</summary>
    /// <param name="model">The model whose engagement rules the events' rule indexes refer to.</param>
    /// <param name="rules">The fit contributions (the first <paramref name="fitCount"/>), then the caps and limits.</param>
    /// <param name="fitCount">How many of <paramref name="rules"/> come before the events.</param>
    /// <param name="engagement">The tally whose contributions are the events.</param>
    /// <param name="asOf">The scoring time.</param>
    public ScoreBreakdown(ScoringModel model, ScoreContribution[] rules, int fitCount, EngagementTally engagement, DateTimeOffset asOf)
        : this(model, rules, fitCount, engagement.Contributions, engagement.ContributionCount, engagement.ClampNotes, asOf)
    {
    }

    /// <param name="model">The model whose engagement rules the events' rule indexes refer to.</param>
    /// <param name="rules">The fit contributions (the first <paramref name="fitCount"/>), then the caps and limits.</param>
    /// <param name="fitCount">How many of <paramref name="rules"/> come before the events.</param>
    /// <param name="events">The counted events in chronological order (the first <paramref name="eventCount"/>).</param>
    /// <param name="eventCount">How many of <paramref name="events"/> are in use.</param>
    /// <param name="clampNotes">Per event (same index), the note of an event clamped to the scoring time; null if none was.</param>
    /// <param name="asOf">The scoring time.</param>
    public ScoreBreakdown(
        ScoringModel model,
        ScoreContribution[] rules,
        int fitCount,
        EventContribution[] events,
        int eventCount,
        string?[]? clampNotes,
        DateTimeOffset asOf)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fitCount, rules.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(eventCount, events.Length);
        (_model, _rules, _fitCount, _events, _eventCount, _clampNotes, _asOf) =
            (model, rules, fitCount, events, eventCount, clampNotes, asOf);
    }

    public int Count => _rules.Length + _eventCount;

    public ScoreContribution this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (index < _fitCount)
            {
                return _rules[index];
            }

            index -= _fitCount;
            return index < _eventCount ? EventAt(index) : _rules[_fitCount + index - _eventCount];
        }
    }

    public IEnumerator<ScoreContribution> GetEnumerator() => new ScoreBreakdownEnumerator(this);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// The event's contribution as the engagement step decided it: held by a repeat limit (0 points, the limit's note),
    /// or its rule's points decayed by its factor; an event dated after the scoring time counts as of the scoring time.
    /// </summary>
    private ScoreContribution EventAt(int index)
    {
        ref readonly var counted = ref _events[index];
        var rule = _model.EngagementRules[counted.RuleIndex];
        var eventId = counted.Event.EventId;
        var occurredAt = counted.Event.OccurredAt <= _asOf ? counted.Event.OccurredAt : _asOf;
        var notes = _model.RepeatLimitNotes[counted.RuleIndex];
        switch (counted.RepeatLimit)
        {
            case RepeatLimitKind.MaxCount:
                return ScoreContribution.RepeatLimited(rule, eventId, occurredAt, notes.MaxCount!);
            case RepeatLimitKind.OncePer:
                return ScoreContribution.RepeatLimited(rule, eventId, occurredAt, notes.OncePer!);
            default:
                var cents = DecayArithmetic.Apply(_model.PointsInCents[counted.RuleIndex], counted.DecayFactor);
                var points = DecayArithmetic.FromCents(cents);
                return ScoreContribution.Event(rule, eventId, occurredAt, points, counted.DecayFactor, _clampNotes?[index]);
        }
    }
}
