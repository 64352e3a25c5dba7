using System.Buffers;
using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Scoring;

namespace LeadFunctions.Benchmarks.Baseline;

/// <summary>
/// The engagement step, in two parts: the per-event tally (each event id once, in chronological order, matched to its
/// rule, held to the rule's repeat limits, decayed by its age) and the caps-and-sum step (each rule's sum held to its
/// cap, the total held to the model's range). Per-rule sums and counts come from <see cref="ArrayPool{T}"/>, so
/// allocations do not grow with the number of rules.
/// </summary>
internal sealed class BaselineEngagementScorer(ScoringModel model)
{
    public BaselineEngagementTally Score(IReadOnlyList<EngagementEvent> events, DateTimeOffset asOf, List<ScoreContribution> breakdown)
    {
        var ruleCount = model.EngagementRules.Length;
        var sums = ArrayPool<long>.Shared.Rent(ruleCount);
        var counts = ArrayPool<int>.Shared.Rent(ruleCount);
        var order = ArrayPool<int>.Shared.Rent(events.Count);
        var ticks = ArrayPool<long>.Shared.Rent(events.Count);
        try
        {
            Array.Clear(sums, 0, ruleCount);
            Array.Clear(counts, 0, ruleCount);
            BaselineEventOrder.SortByTime(events, order, ticks);
            var tally = new BaselineEngagementTally();
            TallyEvents(events, order, ticks, asOf, sums, counts, tally, breakdown);
            tally.Score = SumRules(sums, tally, breakdown);
            return tally;
        }
        finally
        {
            ArrayPool<long>.Shared.Return(sums);
            ArrayPool<int>.Shared.Return(counts);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<long>.Shared.Return(ticks);
        }
    }

    /// <summary>Counts each event once, in chronological order: its rule, repeat limits and decayed points in hundredths.</summary>
    private void TallyEvents(
        IReadOnlyList<EngagementEvent> events,
        int[] order,
        long[] ticks,
        DateTimeOffset asOf,
        long[] sums,
        int[] counts,
        BaselineEngagementTally tally,
        List<ScoreContribution> breakdown)
    {
        var seen = new HashSet<string>(events.Count, StringComparer.Ordinal);
        HashSet<(int Rule, string Value)>? repeatKeys = null;
        for (var o = 0; o < events.Count; o++)
        {
            var engagementEvent = events[order[o]];
            if (Admit(engagementEvent, seen, tally) is not { } typeInfo)
            {
                continue;
            }

            var occurredAt = ClampToScoringTime(engagementEvent.OccurredAt, asOf, tally, out var note);
            if (typeInfo.IsHighIntent && (tally.LatestHighIntent is null || occurredAt > tally.LatestHighIntent))
            {
                tally.LatestHighIntent = occurredAt;
            }

            var ruleIndex = MatchRule(typeInfo.Rules, engagementEvent);
            if (ruleIndex >= 0)
            {
                // ticks[o] is this event's time: the sort moved the keys with the order.
                var age = Math.Max(asOf.UtcTicks - ticks[o], 0);
                var counted = new BaselineCountedEvent(engagementEvent, ruleIndex, occurredAt, age, note);
                breakdown.Add(Count(counted, sums, counts, ref repeatKeys, events.Count));
            }
        }
    }

    /// <summary>The event's type when it counts: not a repeated id, and a type the model knows (tallied either way).</summary>
    private EventTypeInfo? Admit(EngagementEvent engagementEvent, HashSet<string> seen, BaselineEngagementTally tally)
    {
        if (!seen.Add(engagementEvent.EventId))
        {
            tally.Duplicates++;
            return null;
        }

        if (!model.TryGetEventType(engagementEvent.Type, out var typeInfo))
        {
            tally.Unknown++;
            return null;
        }

        tally.Counted++;
        return typeInfo;
    }

    /// <summary>The event's contribution under its rule: held by a repeat limit, or decayed and added to the rule's sum.</summary>
    private ScoreContribution Count(
        in BaselineCountedEvent counted,
        long[] sums,
        int[] counts,
        ref HashSet<(int Rule, string Value)>? repeatKeys,
        int eventCount)
    {
        var index = counted.RuleIndex;
        var rule = model.EngagementRules[index];
        var eventId = counted.Event.EventId;
        if (RepeatLimit(rule, index, counted.Event, counts, eventCount, ref repeatKeys) is { } repeatNote)
        {
            return ScoreContribution.RepeatLimited(rule, eventId, counted.OccurredAt, repeatNote);
        }

        counts[index]++;
        var factor = DecayArithmetic.Factor(model.HalfLifeTicks[index], counted.AgeTicks);
        var cents = DecayArithmetic.Apply(model.PointsInCents[index], factor);
        sums[index] += cents;
        return ScoreContribution.Event(rule, eventId, counted.OccurredAt, DecayArithmetic.FromCents(cents), factor, counted.Note);
    }

    /// <summary>Each rule's decayed sum held to its cap, then the total held to the model's range.</summary>
    private decimal SumRules(long[] sums, BaselineEngagementTally tally, List<ScoreContribution> breakdown)
    {
        var rules = model.EngagementRules;
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
                breakdown.Add(ScoreContribution.Cap(rule, capped - sum, cap));
                sum = capped;
            }

            total += sum;
            if (model.IsPqlCategory(rule.Category))
            {
                tally.ProductPoints += sum;
            }

            if (model.HalfLives[r] is { } halfLife && sum > 0)
            {
                tally.DecayingPoints += sum;
                tally.ShortestHalfLife = tally.ShortestHalfLife is { } shortest && shortest < halfLife ? shortest : halfLife;
            }
        }

        return ScoreContribution.ApplyLimit(breakdown, ScoreKind.Engagement, total, model.Engagement.MinScore, model.Engagement.MaxScore);
    }

    /// <summary>An event dated after the scoring time (clock skew) counts as of the scoring time, and says so.</summary>
    private static DateTimeOffset ClampToScoringTime(
        DateTimeOffset occurredAt,
        DateTimeOffset asOf,
        BaselineEngagementTally tally,
        out string? note)
    {
        if (occurredAt <= asOf)
        {
            note = null;
            return occurredAt;
        }

        note = string.Create(
            CultureInfo.InvariantCulture,
            $"occurredAt was {(occurredAt - asOf).TotalSeconds:0} s after the scoring time (clock skew); clamped to it");
        tally.Clamped++;
        return asOf;
    }

    private int MatchRule(int[] candidates, EngagementEvent engagementEvent)
    {
        // Rules of one type usually filter on the same property (path): look each one up once per event.
        string? lastProperty = null;
        string? lastValue = null;
        foreach (var index in candidates)
        {
            var filters = model.EngagementRules[index].Where;
            var matches = true;
            for (var f = 0; f < filters.Count && matches; f++)
            {
                var property = filters[f].Property;
                if (!ReferenceEquals(property, lastProperty))
                {
                    lastProperty = property;
                    lastValue = engagementEvent.GetProperty(property);
                }

                matches = filters[f].Matches(lastValue);
            }

            if (matches)
            {
                return index;
            }
        }

        return -1;
    }

    private string? RepeatLimit(
        EngagementRule rule,
        int ruleIndex,
        EngagementEvent engagementEvent,
        int[] counts,
        int eventCount,
        ref HashSet<(int Rule, string Value)>? repeatKeys)
    {
        if (rule.MaxCount is { } maxCount && counts[ruleIndex] >= maxCount)
        {
            return model.RepeatLimitNotes[ruleIndex].MaxCount;
        }

        if (rule.OncePer is { } property)
        {
            repeatKeys ??= new HashSet<(int Rule, string Value)>(eventCount);
            if (!repeatKeys.Add((ruleIndex, engagementEvent.GetProperty(property) ?? string.Empty)))
            {
                return model.RepeatLimitNotes[ruleIndex].OncePer;
            }
        }

        return null;
    }
}
