using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Benchmarks.Baseline;

/// <summary>
/// <c>LeadScorer</c> as it was before it was made faster (commit a6d4500), kept unchanged in logic so the scoring
/// benchmark reports the new scorer's time and allocations as a ratio to it in one run, and checks that both give
/// the same scores. The parts the speed work changed are copied beside it (engagement step, tally, event order);
/// the ones it left as they were (FitScorer, DecayArithmetic, StagePolicy, ScoreContribution) are Core's own.
/// Not for use outside the benchmark.
/// </summary>
internal sealed class BaselineLeadScorer
{
    private static readonly TimeSpan MinimumReviewInterval = TimeSpan.FromHours(1);

    private readonly ScoringModel _model;
    private readonly TimeProvider _timeProvider;
    private readonly FitScorer _fit;
    private readonly BaselineEngagementScorer _engagement;

    public BaselineLeadScorer(ScoringModel model, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _model = model;
        _timeProvider = timeProvider;
        _fit = new FitScorer(model);
        _engagement = new BaselineEngagementScorer(model);
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
        var (fit, bant) = _fit.Score(profile, LeadAttribution.None, breakdown);
        var engagement = _engagement.Score(events, asOf, breakdown);

        var grade = GradeFor(fit);
        var (qualified, reason) = Qualify(
            fit, engagement.Score, bant, engagement.LatestHighIntent, asOf, StagePolicy.ScoringBasis(standing));
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

    private (LeadStage Stage, string Reason) Qualify(
        decimal fit, decimal engagement, BantStatus bant, DateTimeOffset? latestHighIntent, DateTimeOffset asOf, LeadStage previous)
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
            return (LeadStage.SQL, Invariant($"MQL (fit {fit} >= {mql.MinFit}, engagement {
                engagement} >= {mql.MinEngagement}) with a high-intent event within {sql.HighIntentWithinDays} days"));
        }

        if (sqlByTotal)
        {
            return (LeadStage.SQL, Invariant(
                $"total {fit + engagement} >= {sql.MinTotal}{(sql.RequireBant ? " with BANT complete" : string.Empty)}"));
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

    private DateTimeOffset? DecayReviewDueAt(BaselineEngagementTally engagement, LeadStage stage, DateTimeOffset asOf)
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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

}
