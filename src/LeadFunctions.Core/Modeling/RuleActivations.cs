using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// A model's rules (fit rules in document order, then engagement rules) and, per scored lead, how much each rule was
/// activated: the lead's contribution from the rule divided by the rule's points. A fit rule that matched is 1; an
/// engagement rule is the sum of its events' decay factors, after its repeat limits and its cap, exactly as the scorer
/// counted it (three fresh pricing views are 3, a week-old one half of that with a one-week half-life). The score's
/// overall limits (fit and engagement minimum and maximum) belong to no rule and are left out.
/// </summary>
public sealed class RuleActivations
{
    private readonly ScoringModel _model;
    private readonly Dictionary<string, int> _indexes;
    private readonly Dictionary<string, int> _engagementIndexes;

    public RuleActivations(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        Rules = [.. FitRules(model.Fit).Select(rule => new ModelRule(rule.Id, ScoreKind.Fit, rule.Points))
            .Concat(model.Engagement.Rules.Select(rule => new ModelRule(rule.Id, ScoreKind.Engagement, rule.Points)))];
        _indexes = Rules.Select((rule, index) => (rule.Id, index))
            .ToDictionary(pair => pair.Id, pair => pair.index, StringComparer.Ordinal);
        _engagementIndexes = model.Engagement.Rules.Select((rule, index) => (rule.Id, index))
            .ToDictionary(pair => pair.Id, pair => pair.index, StringComparer.Ordinal);
    }

    /// <summary>Every rule of the model, in the order of the features.</summary>
    public IReadOnlyList<ModelRule> Rules { get; }

    /// <summary>Every fit rule of a model, in the order of its document.</summary>
    public static IEnumerable<ScoringRule> FitRules(FitModel fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return fit.JobTitle.Cast<ScoringRule>()
            .Concat(fit.CompanySize)
            .Concat(fit.Industry)
            .Concat(fit.Country)
            .Concat(fit.Budget)
            .Concat(fit.Timeline)
            .Concat(fit.Need is { } need ? [need] : [])
            .Concat(fit.EmailDomain)
            .Concat(fit.Fields);
    }

    /// <summary>The lead's activation of each rule it touched, from its score's breakdown.</summary>
    public FeatureRow Read(LeadScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var sums = new SortedDictionary<int, double>();
        foreach (var contribution in score.Breakdown)
        {
            if (_indexes.TryGetValue(contribution.RuleId, out var index))
            {
                sums[index] = sums.GetValueOrDefault(index) + Activation(contribution, Rules[index]);
            }
        }

        var nonZero = sums.Where(pair => pair.Value != 0).ToArray();
        return nonZero.Length == 0
            ? FeatureRow.Empty
            : new FeatureRow([.. nonZero.Select(pair => pair.Key)], [.. nonZero.Select(pair => pair.Value)]);
    }

    /// <summary>
    /// The contribution's share of its rule's points. A rule worth 0 points has no share to take: a match counts 1 for a
    /// fit rule, and a counted event its decay factor for an engagement rule (an event held by a repeat limit, 0).
    /// </summary>
    private double Activation(ScoreContribution contribution, ModelRule rule)
    {
        if (rule.Points != 0)
        {
            return (double)(contribution.Points / rule.Points);
        }

        if (rule.Kind == ScoreKind.Fit)
        {
            return 1;
        }

        var notes = _model.RepeatLimitNotes[_engagementIndexes[rule.Id]];
        var heldBack = contribution.Note is { } note && (note == notes.MaxCount || note == notes.OncePer);
        return contribution.OccurredAt is null || heldBack ? 0 : contribution.DecayFactor;
    }
}
