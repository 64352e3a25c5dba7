using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// A lead's scores under the candidate, estimated from its activations: each live rule's activation times its new
/// points, plus the points of the discovered rules it has, each score held to the model's limits; BANT as the candidate
/// reads it (budget, timeline and authority from rules whose new points are above 0, need as stated). Engagement caps
/// move with the points, so an activation counts the same; the scorer rounds each decayed event to the hundredth, so an
/// estimate can differ from the candidate's exact score by a few hundredths (the backtest scores exactly).
/// </summary>
internal sealed class CandidateEstimate
{
    private readonly ScoringModel _live;
    private readonly ScoreKind[] _kinds;
    private readonly decimal[] _points;
    private readonly bool[] _budget;
    private readonly bool[] _timeline;
    private readonly bool[] _authority;
    private readonly Dictionary<int, (ScoreKind Kind, decimal Points)> _added;
    private readonly DiscoveredFeatures _discovered;

    public CandidateEstimate(
        ScoringModel live,
        IReadOnlyList<RuleSuggestion> suggestions,
        DiscoveredFeatures discovered,
        IReadOnlyList<DiscoveredRule> added)
    {
        _live = live;
        _discovered = discovered;
        _kinds = [.. suggestions.Select(s => s.Kind)];
        _points = [.. suggestions.Select(s => s.NewPoints)];
        bool[] In<T>(IEnumerable<T> rules)
            where T : ScoringRule
        {
            var ids = rules.Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal);
            return [.. suggestions.Select(s => ids.Contains(s.RuleId) && s.NewPoints > 0)];
        }

        _budget = In(live.Fit.Budget);
        _timeline = In(live.Fit.Timeline);
        _authority = In(live.Fit.JobTitle);
        var byId = added.ToDictionary(rule => rule.RuleId, StringComparer.Ordinal);
        _added = [];
        for (var c = 0; c < discovered.Candidates.Count; c++)
        {
            if (byId.TryGetValue(discovered.Candidates[c].Rule.Id, out var rule))
            {
                _added[c] = (rule.Kind, rule.Points);
            }
        }
    }

    /// <summary>The lead (the <paramref name="n"/>-th outcome) under the candidate.</summary>
    public ThresholdLead Lead(ScoredOutcome outcome, int n)
    {
        decimal fit = 0;
        decimal engagement = 0;
        var (budget, timeline, authority) = (false, false, false);
        var row = outcome.Activations;
        for (var k = 0; k < row.Indexes.Length; k++)
        {
            var rule = row.Indexes[k];
            var points = (decimal)row.Values[k] * _points[rule];
            if (_kinds[rule] == ScoreKind.Fit)
            {
                fit += points;
                budget |= _budget[rule];
                timeline |= _timeline[rule];
                authority |= _authority[rule];
            }
            else
            {
                engagement += points;
            }
        }

        foreach (var c in _discovered.PerLead[n])
        {
            if (_added.TryGetValue(c, out var added))
            {
                fit += added.Kind == ScoreKind.Fit ? added.Points : 0;
                engagement += added.Kind == ScoreKind.Engagement ? added.Points : 0;
            }
        }

        fit = Math.Clamp(Math.Round(fit, 2), _live.Fit.MinScore, _live.Fit.MaxScore);
        engagement = Math.Clamp(Math.Round(engagement, 2), _live.Engagement.MinScore, _live.Engagement.MaxScore);
        var bant = budget && timeline && authority && outcome.Bant.Need;
        return new ThresholdLead(outcome.Won, fit, engagement, bant, outcome.HighIntent);
    }

    /// <summary>The lead's estimated total under the candidate.</summary>
    public decimal Total(ScoredOutcome outcome, int n) => Lead(outcome, n).Total;
}
