using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;

namespace LeadFunctions.Scoring;

/// <summary>
/// Scores a lead from its profile, its engagement events, the model and "now": fit and engagement scores, a fit
/// grade, the stage (Lead / MQL / SQL, within what <see cref="StagePolicy"/> lets the scores change) with a PQL flag,
/// and an explanation that adds up exactly to the scores. Events a machine made (<see cref="MachineEngagementClassifier"/>)
/// count for nothing and are listed as ignored, with the rule and the reason.
/// Pure and deterministic: the same inputs and time always give the same result. Thread-safe.
/// </summary>
public sealed class LeadScorer
{
    private static readonly TimeSpan MinimumReviewInterval = TimeSpan.FromHours(1);

    private readonly ScoringModel _model;
    private readonly TimeProvider _timeProvider;
    private readonly FitScorer _fit;
    private readonly EngagementScorer _engagement;
    private readonly MachineEngagementClassifier _machine;

    /// <summary>The live source this scorer follows; null when it scores with one fixed model.</summary>
    private readonly IScoringModelSource? _source;

    /// <summary>The fixed scorer of the source's current model, compiled once per model change.</summary>
    private LeadScorer? _current;

    /// <summary>
    /// A scorer of <paramref name="models"/>: a <see cref="ScoringModel"/> scores with that model; any other source
    /// (the live model) is read once per scoring, so a newly published model is used from the next lead on. Machine
    /// engagement is told by <paramref name="machine"/> (the configured rules), or by the rules' defaults.
    /// </summary>
    public LeadScorer(IScoringModelSource models, TimeProvider timeProvider, MachineEngagementClassifier? machine = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _model = models.Current;
        _timeProvider = timeProvider;
        _machine = machine ?? MachineEngagementClassifier.Default;
        _fit = new FitScorer(_model);
        _engagement = new EngagementScorer(_model);
        if (models is not ScoringModel)
        {
            _source = models;
            _current = new LeadScorer(_model, timeProvider, _machine);
        }
    }

    /// <summary>The model this scorer scores with now.</summary>
    public ScoringModel Model => _source?.Current ?? _model;

    /// <summary>
    /// A scorer of another model (a backtest's candidate) that tells machine engagement and reads the time exactly as this
    /// one does.
    /// </summary>
    public LeadScorer WithModel(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new LeadScorer(model, _timeProvider, _machine);
    }

    /// <summary>Scores the lead as of the time provider's now.</summary>
    public LeadScore Score(LeadProfile profile, IReadOnlyList<EngagementEvent> events, LeadStanding standing) =>
        Score(profile, events, standing, _timeProvider.GetUtcNow());

    /// <summary>Scores the lead as of <paramref name="asOf"/>, without attribution (no utm values or form id).</summary>
    public LeadScore Score(LeadProfile profile, IReadOnlyList<EngagementEvent> events, LeadStanding standing, DateTimeOffset asOf) =>
        Score(profile, LeadAttribution.None, events, standing, asOf);

    /// <summary>
    /// Scores the lead as of <paramref name="asOf"/>; <paramref name="attribution"/> (where it came from) is what field
    /// rules on <c>utm_source</c>, <c>utm_medium</c>, <c>utm_campaign</c> and <c>formId</c> read.
    /// </summary>
    public LeadScore Score(
        LeadProfile profile,
        LeadAttribution attribution,
        IReadOnlyList<EngagementEvent> events,
        LeadStanding standing,
        DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(attribution);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(standing);
        if (_source is not null)
        {
            return Following(_source.Current).Score(profile, attribution, events, standing, asOf);
        }

        // The working sets of this thread's previous scoring, reused: see ScoringScratch.
        var scratch = ScoringScratch.Rent();
        try
        {
            return Score(profile, attribution, events, standing, asOf, scratch);
        }
        finally
        {
            ScoringScratch.Return(scratch);
        }
    }

    /// <summary>The fixed scorer of <paramref name="model"/>: a reference check, compiled again only after a change.</summary>
    private LeadScorer Following(ScoringModel model)
    {
        var current = Volatile.Read(ref _current)!;
        if (ReferenceEquals(current._model, model))
        {
            return current;
        }

        current = new LeadScorer(model, _timeProvider, _machine);
        Volatile.Write(ref _current, current);
        return current;
    }

    /// <summary>The steps in order: fit, machine engagement, engagement, the breakdown of both, grade, stage, decay review.</summary>
    private LeadScore Score(
        LeadProfile profile,
        LeadAttribution attribution,
        IReadOnlyList<EngagementEvent> events,
        LeadStanding standing,
        DateTimeOffset asOf,
        ScoringScratch scratch)
    {
        var (fit, bant) = _fit.Score(profile, attribution, scratch.Contributions);
        var fitCount = scratch.Contributions.Count;
        var engagement = _engagement.Score(events, asOf, scratch, _machine.Classify(events));
        var breakdown = new ScoreBreakdown(_model, [.. scratch.Contributions], fitCount, engagement, asOf);

        var grade = GradeFor(fit);
        var basis = StagePolicy.ScoringBasis(standing);
        var (qualified, reason) = Qualify(fit, engagement.Score, bant, engagement.LatestHighIntent, asOf, basis);
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
            IgnoredEvents = engagement.Ignored ?? (IReadOnlyList<IgnoredEvent>)[],
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

        // A stage that stays makes no move, so its reason is never read: it is not written either.
        if (isMql)
        {
            return (LeadStage.MQL, previous is LeadStage.SQL or LeadStage.MQL
                ? string.Empty
                : Invariant($"fit {fit} >= {mql.MinFit} and engagement {engagement} >= {mql.MinEngagement}"));
        }

        if (previous == LeadStage.Lead)
        {
            return (LeadStage.Lead, string.Empty);
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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

}
