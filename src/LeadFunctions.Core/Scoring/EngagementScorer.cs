using System.Buffers;
using System.Globalization;
using LeadFunctions.Engagement;

namespace LeadFunctions.Scoring;

/// <summary>
/// The engagement step, in two parts: the per-event tally (each event id once, in chronological order, matched to its
/// rule, held to the rule's repeat limits, decayed by its age) and the caps-and-sum step (each rule's sum held to its
/// cap, the total held to the model's range). Per-rule sums and counts come from <see cref="ArrayPool{T}"/> and the
/// id and repeat-limit sets from <see cref="ScoringScratch"/>, so what a score allocates is its result: one 24-byte
/// <see cref="EventContribution"/> per counted event, whatever the number of rules.
/// </summary>
internal sealed class EngagementScorer
{
    private readonly ScoringModel _model;

    /// <summary>Per rule (same index): its filters, with one string instance per property name across all rules.</summary>
    private readonly PropertyFilter[][] _where;

    /// <summary>Per rule and filter (same indexes as <see cref="_where"/>): its prepared ASCII <c>contains</c> search, or null.</summary>
    private readonly SearchValues<string>?[][] _asciiContains;

    /// <summary>Per rule (same index): its slot in <see cref="ScoringScratch.RepeatValues"/>, or -1 without <c>oncePer</c>.</summary>
    private readonly int[] _oncePerSlots;

    /// <summary>
    /// Per rule (same index), its cap note once written, and the culture it was written in: a note's number follows
    /// the current culture, so another culture starts new notes.
    /// </summary>
    private Tuple<CultureInfo, string?[]>? _capNotes;

    public EngagementScorer(ScoringModel model)
    {
        _model = model;
        _where = RuleFilters.SharePropertyNames(model.EngagementRules);
        _asciiContains = RuleFilters.AsciiContains(_where);
        var slots = 0;
        _oncePerSlots = [.. model.EngagementRules.Select(rule => rule.OncePer is null ? -1 : slots++)];
    }

    /// <summary>
    /// Tallies <paramref name="events"/> as of <paramref name="asOf"/>; the events <paramref name="machine"/> says a
    /// machine made are left out (no points, no cap, no repeat limit, no high intent) and listed as ignored.
    /// </summary>
    public EngagementTally Score(
        IReadOnlyList<EngagementEvent> events, DateTimeOffset asOf, ScoringScratch scratch, MachineVerdicts machine)
    {
        var ruleCount = _model.EngagementRules.Length;
        var sums = ArrayPool<long>.Shared.Rent(ruleCount);
        var counts = ArrayPool<int>.Shared.Rent(ruleCount);
        using var chronological = new ChronologicalEvents(events);
        try
        {
            Array.Clear(sums, 0, ruleCount);
            Array.Clear(counts, 0, ruleCount);
            var tally = new EngagementTally(events.Count);
            TallyEvents(chronological, asOf, sums, counts, tally, scratch, machine);
            tally.Score = SumRules(sums, tally, scratch.Contributions);
            return tally;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(sums);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    /// <summary>Counts each event once, in chronological order: its rule, repeat limits and decayed points in hundredths.</summary>
    private void TallyEvents(
        in ChronologicalEvents events,
        DateTimeOffset asOf,
        long[] sums,
        int[] counts,
        EngagementTally tally,
        ScoringScratch scratch,
        MachineVerdicts machine)
    {
        scratch.EventIds.EnsureCapacity(events.Count);
        for (var o = 0; o < events.Count; o++)
        {
            var engagementEvent = events[o];
            if (Admit(engagementEvent, scratch.EventIds, tally, machine) is not { } typeInfo)
            {
                continue;
            }

            // An event dated after the scoring time (clock skew) counts as of the scoring time, and says so.
            var clamped = engagementEvent.OccurredAt > asOf;
            var occurredAt = clamped ? asOf : engagementEvent.OccurredAt;
            tally.Clamped += clamped ? 1 : 0;
            if (typeInfo.IsHighIntent && (tally.LatestHighIntent is null || occurredAt > tally.LatestHighIntent))
            {
                tally.LatestHighIntent = occurredAt;
            }

            // Most types have one rule, without filters: it matches without a call.
            var ruleIndex = typeInfo.Rules is [var only] && _where[only].Length == 0 ? only : MatchRule(typeInfo.Rules, engagementEvent);
            if (ruleIndex >= 0)
            {
                var age = Math.Max(asOf.UtcTicks - events.UtcTicksAt(o), 0);
                var counted = Count(engagementEvent, ruleIndex, age, sums, counts, scratch);
                var note = clamped && counted.RepeatLimit == RepeatLimitKind.None ? ClampNote(engagementEvent.OccurredAt, asOf) : null;
                tally.Add(counted, note);
            }
        }
    }

    /// <summary>
    /// The event's type when it counts: not a repeated id, a type the model knows, and not a machine's (tallied either way).
    /// </summary>
    private EventTypeInfo? Admit(EngagementEvent engagementEvent, HashSet<string> seen, EngagementTally tally, MachineVerdicts machine)
    {
        if (!seen.Add(engagementEvent.EventId))
        {
            tally.Duplicates++;
            return null;
        }

        if (!_model.TryGetEventType(engagementEvent.Type, out var typeInfo))
        {
            tally.Unknown++;
            return null;
        }

        if (machine.TryGetMachine(engagementEvent.EventId, out var verdict))
        {
            tally.Ignore(engagementEvent, verdict);
            return null;
        }

        tally.Counted++;
        return typeInfo;
    }

    /// <summary>The event under its rule: held by a repeat limit, or decayed and added to the rule's sum (in hundredths).</summary>
    private EventContribution Count(
        EngagementEvent engagementEvent,
        int index,
        long ageTicks,
        long[] sums,
        int[] counts,
        ScoringScratch scratch)
    {
        var limit = RepeatLimit(index, engagementEvent, counts, scratch);
        if (limit != RepeatLimitKind.None)
        {
            return new EventContribution(engagementEvent, index, 1, limit);
        }

        counts[index]++;
        var factor = DecayArithmetic.Factor(_model.HalfLifeTicks[index], ageTicks);
        sums[index] += DecayArithmetic.Apply(_model.PointsInCents[index], factor);
        return new EventContribution(engagementEvent, index, factor, RepeatLimitKind.None);
    }

    /// <summary>Each rule's decayed sum held to its cap, then the total held to the model's range.</summary>
    private decimal SumRules(long[] sums, EngagementTally tally, List<ScoreContribution> adjustments)
    {
        var rules = _model.EngagementRules;
        decimal total = 0;
        for (var r = 0; r < rules.Length; r++)
        {
            if (sums[r] == 0)
            {
                continue;
            }

            var sum = DecayArithmetic.FromCents(sums[r]);
            var rule = rules[r];
            if (rule.Cap is { } cap && Math.Abs(sum) > cap)
            {
                var capped = Math.Sign(sum) * cap;
                adjustments.Add(ScoreContribution.Cap(rule, capped - sum, CapNote(r, cap)));
                sum = capped;
            }

            total += sum;
            if (_model.IsPqlCategory(rule.Category))
            {
                tally.ProductPoints += sum;
            }

            if (_model.HalfLives[r] is { } halfLife && sum > 0)
            {
                tally.DecayingPoints += sum;
                tally.ShortestHalfLife = tally.ShortestHalfLife is { } shortest && shortest < halfLife ? shortest : halfLife;
            }
        }

        var engagement = _model.Engagement;
        return ScoreContribution.ApplyLimit(adjustments, ScoreKind.Engagement, total, engagement.MinScore, engagement.MaxScore);
    }

    private string CapNote(int ruleIndex, decimal cap)
    {
        var culture = CultureInfo.CurrentCulture;
        var notes = _capNotes;
        if (notes is null || !ReferenceEquals(notes.Item1, culture))
        {
            notes = Tuple.Create(culture, new string?[_model.EngagementRules.Length]);
            _capNotes = notes;
        }

        // Two threads may both write a rule's note: the same text, either one kept.
        return notes.Item2[ruleIndex] ??= ScoreContribution.CapNote(cap);
    }

    private static string ClampNote(DateTimeOffset occurredAt, DateTimeOffset asOf) => string.Create(
        CultureInfo.InvariantCulture,
        $"occurredAt was {(occurredAt - asOf).TotalSeconds:0} s after the scoring time (clock skew); clamped to it");

    private int MatchRule(int[] candidates, EngagementEvent engagementEvent)
    {
        // Rules of one type usually filter on the same property (path), and share its name's instance: look each
        // property up once per event.
        string? lastProperty = null;
        string? lastValue = null;
        foreach (var index in candidates)
        {
            var filters = _where[index];
            var searches = _asciiContains[index];
            var matches = true;
            for (var f = 0; f < filters.Length && matches; f++)
            {
                var property = filters[f].Property;
                if (!ReferenceEquals(property, lastProperty))
                {
                    lastProperty = property;
                    lastValue = engagementEvent.GetProperty(property);
                }

                matches = RuleFilters.Matches(filters[f], searches[f], lastValue);
            }

            if (matches)
            {
                return index;
            }
        }

        return -1;
    }

    private RepeatLimitKind RepeatLimit(int ruleIndex, EngagementEvent engagementEvent, int[] counts, ScoringScratch scratch)
    {
        var rule = _model.EngagementRules[ruleIndex];
        if (rule.MaxCount is { } maxCount && counts[ruleIndex] >= maxCount)
        {
            return RepeatLimitKind.MaxCount;
        }

        if (rule.OncePer is { } property
            && !scratch.RepeatValues(_oncePerSlots[ruleIndex]).Add(engagementEvent.GetProperty(property) ?? string.Empty))
        {
            return RepeatLimitKind.OncePer;
        }

        return RepeatLimitKind.None;
    }
}
