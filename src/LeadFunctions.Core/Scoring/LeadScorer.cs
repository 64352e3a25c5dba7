using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;

namespace LeadFunctions.Scoring;

/// <summary>
/// Scores a lead from its profile, its engagement events, the model and "now": fit and engagement scores, a fit
/// grade, the stage (Lead / MQL / SQL, within what <see cref="StagePolicy"/> lets the scores change) with a PQL flag,
/// and an explanation that adds up exactly to the scores.
/// Pure and deterministic: the same inputs and time always give the same result. Thread-safe.
/// </summary>
public sealed class LeadScorer
{
    private static readonly TimeSpan MinimumReviewInterval = TimeSpan.FromHours(1);

    private readonly ScoringModel _model;
    private readonly TimeProvider _timeProvider;

    public LeadScorer(ScoringModel model, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _model = model;
        _timeProvider = timeProvider;
    }

    public ScoringModel Model => _model;

    /// <summary>Scores the lead as of the time provider's now.</summary>
    public LeadScore Score(LeadProfile profile, IReadOnlyList<EngagementEvent> events, LeadStanding standing) =>
        Score(profile, events, standing, _timeProvider.GetUtcNow());

    /// <summary>Scores the lead as of <paramref name="asOf"/>.</summary>
    public LeadScore Score(LeadProfile profile, IReadOnlyList<EngagementEvent> events, LeadStanding standing, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(standing);

        var breakdown = new List<ScoreContribution>(events.Count + 16);
        var (fit, bant) = ScoreFit(profile, breakdown);
        var engagement = ScoreEngagement(events, asOf, breakdown);

        var grade = GradeFor(fit);
        var (qualified, reason) = Qualify(fit, engagement.Score, bant, engagement.LatestHighIntent, asOf, StagePolicy.ScoringBasis(standing));
        var moves = StagePolicy.Moves(standing, qualified, reason, asOf, breakdown);
        var stage = moves.Count == 0 ? standing.Stage : moves[^1].To;

        return new LeadScore
        {
            FitScore = fit,
            EngagementScore = engagement.Score,
            Grade = grade,
            Stage = stage,
            IsPql = _model.Qualification.Pql is { } pql && engagement.ProductPoints >= pql.MinPoints,
            Bant = bant,
            Breakdown = breakdown,
            StageHistory = moves.Count == 0 ? standing.History : [.. standing.History, .. moves],
            StageChange = moves.Count == 0 ? null : moves[^1],
            ModelVersion = _model.Version,
            ScoredAt = asOf,
            DecayReviewDueAt = DecayReviewDueAt(engagement, stage, asOf),
            EventCount = engagement.Counted,
            DuplicateEvents = engagement.Duplicates,
            UnknownEvents = engagement.Unknown,
            ClampedEvents = engagement.Clamped,
        };
    }

    private (decimal Fit, BantStatus Bant) ScoreFit(LeadProfile profile, List<ScoreContribution> breakdown)
    {
        var fitModel = _model.Fit;
        var start = breakdown.Count;
        var authority = false;

        if (!string.IsNullOrWhiteSpace(profile.JobTitle))
        {
            for (var i = 0; i < fitModel.JobTitle.Count; i++)
            {
                if (TitleMatches(_model.JobTitlePatterns[i], profile.JobTitle))
                {
                    var rule = fitModel.JobTitle[i];
                    AddFit(breakdown, rule, "jobTitle");
                    authority = rule.Points > 0;
                    break;
                }
            }
        }

        if (profile.CompanySize is { } size and >= 0)
        {
            AddFirstRange(breakdown, fitModel.CompanySize, size, "companySize");
        }

        AddFirstListMatch(breakdown, fitModel.Industry, profile.Industry, "industry");
        AddFirstListMatch(breakdown, fitModel.Country, profile.Country, "country");

        var budget = profile.Budget is { } amount and >= 0 && AddFirstRange(breakdown, fitModel.Budget, amount, "budget") is { Points: > 0 };
        var timeline = profile.TimelineMonths is { } months and >= 0 && AddFirstRange(breakdown, fitModel.Timeline, months, "timeline") is { Points: > 0 };

        var needLength = profile.Need?.Trim().Length ?? 0;
        var need = fitModel.Need is { } needRule ? needLength >= needRule.MinLength : needLength > 0;
        if (need && fitModel.Need is { } stated)
        {
            AddFit(breakdown, stated, "need");
        }

        var domain = profile.EmailDomain;
        foreach (var rule in fitModel.EmailDomain)
        {
            if (DomainMatches(domain, rule.Domains))
            {
                AddFit(breakdown, rule, "emailDomain");
            }
        }

        decimal fit = 0;
        for (var i = start; i < breakdown.Count; i++)
        {
            fit += breakdown[i].Points;
        }

        fit = ApplyLimit(breakdown, ScoreKind.Fit, fit, fitModel.MinScore, fitModel.MaxScore);
        return (fit, new BantStatus(budget, authority, need, timeline));
    }

    private EngagementTally ScoreEngagement(IReadOnlyList<EngagementEvent> events, DateTimeOffset asOf, List<ScoreContribution> breakdown)
    {
        var rules = _model.EngagementRules;
        var tally = new EngagementTally();
        var sums = ArrayPool<long>.Shared.Rent(rules.Length);
        var counts = ArrayPool<int>.Shared.Rent(rules.Length);
        var order = ArrayPool<int>.Shared.Rent(events.Count);
        var ticks = ArrayPool<long>.Shared.Rent(events.Count);
        try
        {
            Array.Clear(sums, 0, rules.Length);
            Array.Clear(counts, 0, rules.Length);
            SortByTime(events, order, ticks);
            var asOfTicks = asOf.UtcTicks;

            var seen = new HashSet<string>(events.Count, StringComparer.Ordinal);
            HashSet<(int Rule, string Value)>? repeatKeys = null;
            for (var o = 0; o < events.Count; o++)
            {
                var engagementEvent = events[order[o]];
                if (!seen.Add(engagementEvent.EventId))
                {
                    tally.Duplicates++;
                    continue;
                }

                if (!_model.TryGetEventType(engagementEvent.Type, out var typeInfo))
                {
                    tally.Unknown++;
                    continue;
                }

                tally.Counted++;
                var occurredAt = engagementEvent.OccurredAt;
                string? note = null;
                if (occurredAt > asOf)
                {
                    note = string.Create(CultureInfo.InvariantCulture, $"occurredAt was {(occurredAt - asOf).TotalSeconds:0} s after the scoring time (clock skew); clamped to it");
                    occurredAt = asOf;
                    tally.Clamped++;
                }

                if (typeInfo.IsHighIntent && (tally.LatestHighIntent is null || occurredAt > tally.LatestHighIntent))
                {
                    tally.LatestHighIntent = occurredAt;
                }

                var ruleIndex = MatchRule(typeInfo.Rules, engagementEvent);
                if (ruleIndex < 0)
                {
                    continue;
                }

                var rule = rules[ruleIndex];
                var repeatNote = RepeatLimit(rule, ruleIndex, engagementEvent, counts, events.Count, ref repeatKeys);
                if (repeatNote is not null)
                {
                    breakdown.Add(new(ScoreKind.Engagement, rule.Id, rule.DisplayName, engagementEvent.EventId, occurredAt, rule.Points, 0, 1, repeatNote));
                    continue;
                }

                counts[ruleIndex]++;
                // ticks[o] is this event's time: the sort moved the keys with the order.
                var factor = DecayFactor(_model.HalfLifeTicks[ruleIndex], Math.Max(asOfTicks - ticks[o], 0));
                var cents = Decay(_model.PointsInCents[ruleIndex], factor);
                sums[ruleIndex] += cents;
                breakdown.Add(new(ScoreKind.Engagement, rule.Id, rule.DisplayName, engagementEvent.EventId, occurredAt, rule.Points, FromCents(cents), factor, note));
            }

            decimal total = 0;
            for (var r = 0; r < rules.Length; r++)
            {
                if (sums[r] == 0)
                {
                    continue;
                }

                var sum = FromCents(sums[r]);

                var rule = rules[r];
                if (rule.Cap is { } cap && Math.Abs(sum) > cap)
                {
                    var capped = Math.Sign(sum) * cap;
                    breakdown.Add(new(ScoreKind.Engagement, rule.Id, rule.DisplayName, "cap", null, 0, capped - sum, 1, $"cap of {cap} points for this rule"));
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

            tally.Score = ApplyLimit(breakdown, ScoreKind.Engagement, total, _model.Engagement.MinScore, _model.Engagement.MaxScore);
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

    private int MatchRule(int[] candidates, EngagementEvent engagementEvent)
    {
        // Rules of one type usually filter on the same property (path): look each one up once per event.
        string? lastProperty = null;
        string? lastValue = null;
        foreach (var index in candidates)
        {
            var filters = _model.EngagementRules[index].Where;
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

    private string? RepeatLimit(EngagementRule rule, int ruleIndex, EngagementEvent engagementEvent, int[] counts, int eventCount, ref HashSet<(int Rule, string Value)>? repeatKeys)
    {
        if (rule.MaxCount is { } maxCount && counts[ruleIndex] >= maxCount)
        {
            return _model.RepeatLimitNotes[ruleIndex].MaxCount;
        }

        if (rule.OncePer is { } property)
        {
            repeatKeys ??= new HashSet<(int Rule, string Value)>(eventCount);
            if (!repeatKeys.Add((ruleIndex, engagementEvent.GetProperty(property) ?? string.Empty)))
            {
                return _model.RepeatLimitNotes[ruleIndex].OncePer;
            }
        }

        return null;
    }

    private (LeadStage Stage, string Reason) Qualify(decimal fit, decimal engagement, BantStatus bant, DateTimeOffset? latestHighIntent, DateTimeOffset asOf, LeadStage previous)
    {
        var mql = _model.Qualification.Mql;
        var sql = _model.Qualification.Sql;
        var isMql = fit >= mql.MinFit && engagement >= mql.MinEngagement;
        var recentIntent = latestHighIntent is { } at && asOf - at <= _model.HighIntentWindow;
        var sqlByIntent = isMql && recentIntent;
        var sqlByTotal = sql.MinTotal is { } minTotal && fit + engagement >= minTotal && (!sql.RequireBant || bant.IsComplete);

        if (previous == LeadStage.SQL && (isMql || sqlByTotal))
        {
            return (LeadStage.SQL, string.Empty);
        }

        if (sqlByIntent)
        {
            return (LeadStage.SQL, Invariant($"MQL (fit {fit} >= {mql.MinFit}, engagement {engagement} >= {mql.MinEngagement}) with a high-intent event within {sql.HighIntentWithinDays} days"));
        }

        if (sqlByTotal)
        {
            return (LeadStage.SQL, Invariant($"total {fit + engagement} >= {sql.MinTotal}{(sql.RequireBant ? " with BANT complete" : string.Empty)}"));
        }

        if (isMql)
        {
            return (LeadStage.MQL, previous == LeadStage.SQL
                ? string.Empty
                : Invariant($"fit {fit} >= {mql.MinFit} and engagement {engagement} >= {mql.MinEngagement}"));
        }

        return (LeadStage.Lead, fit < mql.MinFit
            ? Invariant($"recycled: fit {fit} < {mql.MinFit}")
            : Invariant($"recycled: engagement {engagement} < {mql.MinEngagement}"));
    }

    private DateTimeOffset? DecayReviewDueAt(EngagementTally engagement, LeadStage stage, DateTimeOffset asOf)
    {
        // Nothing visible left to decay: no review needed until new events arrive.
        if (engagement.ShortestHalfLife is not { } halfLife || engagement.DecayingPoints < 1)
        {
            return null;
        }

        var wait = halfLife;
        var threshold = _model.Qualification.Mql.MinEngagement;
        if (stage != LeadStage.Lead && engagement.Score >= threshold)
        {
            // Each decaying term p * 2^(-t/h) with h >= the shortest half-life is at least p * 2^(-t/shortest), so
            // P * 2^(-t/shortest) + rest bounds the engagement at t from below: it cannot fall under the MQL threshold
            // before the time this bound reaches it. Reviewing then, and again from there, converges on the crossing
            // without ever passing it.
            var rest = engagement.Score - engagement.DecayingPoints;
            var margin = threshold - rest;
            if (margin <= 0)
            {
                wait = halfLife;
            }
            else
            {
                var halfLives = Math.Log2((double)engagement.DecayingPoints / (double)margin);
                wait = TimeSpan.FromTicks((long)Math.Min(halfLife.Ticks * Math.Max(halfLives, 0), halfLife.Ticks));
            }
        }

        return asOf + (wait < MinimumReviewInterval ? MinimumReviewInterval : wait);
    }

    private string GradeFor(decimal fit)
    {
        foreach (var band in _model.Grades)
        {
            if (band.MinFit is null || fit >= band.MinFit)
            {
                return band.Grade;
            }
        }

        return _model.Grades[^1].Grade;
    }

    private static void SortByTime(IReadOnlyList<EngagementEvent> events, int[] order, long[] ticks)
    {
        var count = events.Count;
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
            ticks[i] = events[i].OccurredAt.UtcTicks;
        }

        // Events read from the store arrive in time order: then only runs of equal times need ordering. Otherwise a
        // primitive sort by time first.
        var keys = ticks.AsSpan(0, count);
        var items = order.AsSpan(0, count);
        var sorted = true;
        for (var i = 1; i < count && sorted; i++)
        {
            sorted = keys[i - 1] <= keys[i];
        }

        if (!sorted)
        {
            keys.Sort(items);
        }

        for (var start = 0; start < count;)
        {
            var end = start + 1;
            while (end < count && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                items[start..end].Sort(new ChronologicalOrder(events));
            }

            start = end;
        }
    }

    /// <summary>2^(-age / half-life): 1 at age 0, 0.5 after one half-life, 0.125 after three; 1 when it does not decay.</summary>
    internal static double DecayFactor(double halfLifeTicks, long ageTicks) =>
        halfLifeTicks == 0 || ageTicks <= 0 ? 1 : double.Exp2(-ageTicks / halfLifeTicks);

    /// <summary>Decayed points in hundredths, rounded half away from zero: exact sums, no decimal arithmetic per event.</summary>
    internal static long Decay(long cents, double factor) =>
        factor == 1 ? cents : (long)Math.Round(cents * factor, MidpointRounding.AwayFromZero);

    internal static decimal FromCents(long cents)
    {
        // Without trailing zeros, as the model's own numbers read ("20", "7.5", "1.25").
        var magnitude = (ulong)Math.Abs(cents);
        byte scale = 2;
        if (magnitude % 100 == 0)
        {
            magnitude /= 100;
            scale = 0;
        }
        else if (magnitude % 10 == 0)
        {
            magnitude /= 10;
            scale = 1;
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, cents < 0, scale);
    }

    private static bool TitleMatches(Regex pattern, string title)
    {
        try
        {
            return pattern.IsMatch(title);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool DomainMatches(string domain, IReadOnlyList<string> domains)
    {
        foreach (var candidate in domains)
        {
            if (domain.EndsWith(candidate, StringComparison.OrdinalIgnoreCase)
                && (domain.Length == candidate.Length || domain[domain.Length - candidate.Length - 1] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddFirstListMatch(List<ScoreContribution> breakdown, IReadOnlyList<ValueListRule> rules, string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var trimmed = value.AsSpan().Trim();
        foreach (var rule in rules)
        {
            foreach (var candidate in rule.Values)
            {
                if (trimmed.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                {
                    AddFit(breakdown, rule, field);
                    return;
                }
            }
        }
    }

    private static RangeRule? AddFirstRange(List<ScoreContribution> breakdown, IReadOnlyList<RangeRule> rules, decimal value, string field)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(value))
            {
                AddFit(breakdown, rule, field);
                return rule;
            }
        }

        return null;
    }

    private static void AddFit(List<ScoreContribution> breakdown, ScoringRule rule, string field) =>
        breakdown.Add(new(ScoreKind.Fit, rule.Id, rule.DisplayName, field, null, rule.Points, rule.Points, 1, null));

    private static decimal ApplyLimit(List<ScoreContribution> breakdown, ScoreKind kind, decimal score, decimal min, decimal max)
    {
        var limited = Math.Clamp(score, min, max);
        if (limited != score)
        {
            var side = limited == max ? "maximum" : "minimum";
            breakdown.Add(new(kind, kind == ScoreKind.Fit ? "fit-limit" : "engagement-limit", $"{kind} score {side}", "limit", null, 0, limited - score, 1, Invariant($"{kind} score limited to {limited}")));
        }

        return limited;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Earliest first; ties by id then position, so that repeat limits and duplicates resolve the same way whatever
    /// order the events were read in.
    /// </summary>
    private readonly struct ChronologicalOrder(IReadOnlyList<EngagementEvent> events) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            var byTime = events[x].OccurredAt.UtcTicks.CompareTo(events[y].OccurredAt.UtcTicks);
            if (byTime != 0)
            {
                return byTime;
            }

            var byId = string.CompareOrdinal(events[x].EventId, events[y].EventId);
            return byId != 0 ? byId : x.CompareTo(y);
        }
    }

    private sealed class EngagementTally
    {
        public decimal Score { get; set; }

        public decimal ProductPoints { get; set; }

        public decimal DecayingPoints { get; set; }

        public TimeSpan? ShortestHalfLife { get; set; }

        public DateTimeOffset? LatestHighIntent { get; set; }

        public int Counted { get; set; }

        public int Duplicates { get; set; }

        public int Unknown { get; set; }

        public int Clamped { get; set; }
    }
}
