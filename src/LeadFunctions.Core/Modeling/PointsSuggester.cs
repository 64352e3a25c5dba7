using System.Globalization;
using LeadFunctions.Backtesting;
using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// Suggests a candidate model from recorded outcomes: an L2-regularised logistic regression of "won" on each live
/// rule's activation (<see cref="RuleActivations"/>) and on the candidate rules found in the data
/// (<see cref="RuleDiscovery"/>), fitted on the leads outside the held-out split and judged by its AUC on the leads
/// inside it. A discovered rule is kept when its confidence is at least medium (the fit is repeated without the others
/// until every kept rule is); the weights become points by <see cref="PointsScale"/>, and the thresholds are fitted to
/// the target on the held-out leads (<see cref="ThresholdFit"/>). Pure and deterministic: the same outcomes and
/// options always give the same suggestion.
/// </summary>
public static class PointsSuggester
{
    /// <summary>Fewer leads with a known outcome than this: no suggestion.</summary>
    public const int MinLeads = 20;

    /// <summary>Salesforce Einstein's minimum of converted leads; fewer is thin data, said in a warning.</summary>
    public const int ThinWonCount = 120;

    /// <summary>Fits at most, while discovered rules below medium confidence are dropped.</summary>
    private const int MaxSelectionRounds = 5;

    public static SuggestionResult Suggest(ScoringModel live, IReadOnlyList<ScoredOutcome> outcomes, SuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(options);
        if (Refusal(outcomes, string.Empty, MinLeads) is { } refusal)
        {
            return SuggestionResult.Refused(refusal);
        }

        var isHeldOut = outcomes.Select(o => HeldOutSplit.IsHeldOut(o.LeadId, options.Holdout)).ToArray();
        var training = outcomes.Where((_, n) => !isHeldOut[n]).ToArray();
        var afterHoldout = Invariant($" outside the held-out {options.Holdout * 100:0.#}% (lower holdout)");
        if (Refusal(training, afterHoldout, minLeads: 1) is { } thin)
        {
            return SuggestionResult.Refused(thin);
        }

        var rules = new RuleActivations(live).Rules;
        var warnings = new List<string>();
        var discovered = Discover(live, outcomes, options, warnings);
        var (selected, weights, errors, fit) = FitAndSelect(rules.Count, outcomes, isHeldOut, discovered, options.Lambda);
        var (suggestions, factor) = Suggestions(rules, weights, errors);
        var added = Discovered(outcomes, discovered, selected, weights, errors, rules.Count, factor);
        var points = suggestions.ToDictionary(s => s.RuleId, s => s.NewPoints, StringComparer.Ordinal);
        var addedRules = added.Select(rule => Rule(discovered, rule)).ToArray();
        var estimate = new CandidateEstimate(live, suggestions, discovered, added);
        var evidence = ThresholdEvidence(outcomes, isHeldOut, estimate, warnings);
        var (thresholds, qualification, thresholdWarnings) = ThresholdFit.Fit(live.Qualification, live.Qualification, evidence, options);
        var candidate = CandidateModel.Create(live, points, addedRules, qualification);

        var rows = Rows(outcomes, discovered, selected, rules.Count);
        var heldOut = Enumerable.Range(0, outcomes.Count).Where(n => isHeldOut[n]).ToArray();
        bool[] heldOutWon = [.. heldOut.Select(n => outcomes[n].Won)];
        var summary = new SuggestionFit
        {
            Auc = AreaUnderCurve.Compute([.. heldOut.Select(n => rows[n].Predict(fit.Intercept, fit.Weights))], heldOutWon),
            CandidateAuc = AreaUnderCurve.Compute([.. heldOut.Select(n => (double)estimate.Total(outcomes[n], n))], heldOutWon),
            LiveAuc = AreaUnderCurve.Compute([.. heldOut.Select(n => (double)outcomes[n].LiveScore)], heldOutWon),
            Won = outcomes.Count(o => o.Won),
            NotWon = outcomes.Count(o => !o.Won),
            HeldOut = heldOut.Length,
            Holdout = options.Holdout,
            Lambda = options.Lambda,
            DiscoveryCandidates = discovered.Candidates.Count,
            Scale = factor,
            Intercept = fit.Intercept,
            Iterations = fit.Iterations,
            Converged = fit.Converged,
        };
        warnings.InsertRange(0, Warnings(suggestions, summary));
        warnings.AddRange(thresholdWarnings);
        return new SuggestionResult(new PointsSuggestion(candidate, suggestions, added, thresholds, summary, warnings), null);
    }

    /// <summary>The candidates in the data, or none (with a warning when there are fewer outcomes than the support asked).</summary>
    private static DiscoveredFeatures Discover(
        ScoringModel live, IReadOnlyList<ScoredOutcome> outcomes, SuggestionOptions options, List<string> warnings)
    {
        if (!options.Discover)
        {
            return DiscoveredFeatures.None(outcomes.Count);
        }

        if (outcomes.Count < options.MinSupport)
        {
            warnings.Add(Invariant($"No rules discovered: {outcomes.Count} leads with an outcome, fewer than minSupport ")
                + Invariant($"({options.MinSupport}) that a discovered rule needs."));
            return DiscoveredFeatures.None(outcomes.Count);
        }

        return RuleDiscovery.Find(live, outcomes, options.MinSupport);
    }

    /// <summary>
    /// Fits the live rules with every candidate, then again with only the candidates of at least medium confidence,
    /// until the kept ones all are (or the rounds run out). Per live rule and kept candidate (features: live rules, then
    /// the kept candidates in order), its weight and standard error; null for features not fitted.
    /// </summary>
    private static (int[] Selected, double?[] Weights, double?[] Errors, LogisticFit Fit) FitAndSelect(
        int ruleCount,
        IReadOnlyList<ScoredOutcome> outcomes,
        bool[] isHeldOut,
        DiscoveredFeatures discovered,
        double lambda)
    {
        var training = Enumerable.Range(0, outcomes.Count).Where(n => !isHeldOut[n]).ToArray();
        bool[] won = [.. training.Select(n => outcomes[n].Won)];
        (double?[] Weights, double?[] Errors, LogisticFit Fit) FitWith(int[] selected)
        {
            var rows = Rows(outcomes, discovered, selected, ruleCount);
            return FitWeights(ruleCount + selected.Length, [.. training.Select(n => rows[n])], won, lambda);
        }

        int[] selected = [.. Enumerable.Range(0, discovered.Candidates.Count)];
        for (var round = 1; ; round++)
        {
            var (weights, errors, fit) = FitWith(selected);
            int[] confident = [.. selected.Where((_, k) => Z(weights[ruleCount + k], errors[ruleCount + k]) >= RuleSuggestion.MediumZ)];
            if (confident.Length == selected.Length)
            {
                return (selected, weights, errors, fit);
            }

            selected = confident;
            if (round == MaxSelectionRounds)
            {
                var (lastWeights, lastErrors, lastFit) = FitWith(selected);
                return (selected, lastWeights, lastErrors, lastFit);
            }
        }
    }

    /// <summary>Per lead, its live activations and, after them, a 1 for each selected candidate it has.</summary>
    private static FeatureRow[] Rows(IReadOnlyList<ScoredOutcome> outcomes, DiscoveredFeatures discovered, int[] selected, int ruleCount)
    {
        if (selected.Length == 0)
        {
            return [.. outcomes.Select(o => o.Activations)];
        }

        var position = new Dictionary<int, int>();
        for (var k = 0; k < selected.Length; k++)
        {
            position[selected[k]] = ruleCount + k;
        }

        return
        [
            .. outcomes.Select((outcome, n) =>
            {
                var extra = discovered.PerLead[n].Where(position.ContainsKey).Select(c => position[c]).Order().ToArray();
                return extra.Length == 0 ? outcome.Activations : new FeatureRow(
                    [.. outcome.Activations.Indexes, .. extra],
                    [.. outcome.Activations.Values, .. extra.Select(_ => 1.0)]);
            }),
        ];
    }

    /// <summary>Why these outcomes cannot support a fit (<paramref name="where"/> says which leads), or null.</summary>
    private static string? Refusal(IReadOnlyList<ScoredOutcome> outcomes, string where, int minLeads)
    {
        var won = outcomes.Count(o => o.Won);
        if (outcomes.Count < minLeads)
        {
            return Invariant($"{outcomes.Count} leads with a known outcome{where}; a fit needs at least {minLeads}.");
        }

        return won == 0 ? Invariant($"No won lead among the {outcomes.Count} leads with a known outcome{where}.")
            : won == outcomes.Count
                ? Invariant($"No lost or disqualified lead among the {outcomes.Count} leads with a known outcome{where}.")
            : null;
    }

    /// <summary>
    /// Fits the features whose value differs between training leads (a feature no lead has, or every lead alike, has
    /// nothing to learn from); per feature, its weight and standard error, null for the others.
    /// </summary>
    private static (double?[] Weights, double?[] Errors, LogisticFit Fit) FitWeights(
        int featureCount,
        FeatureRow[] rows,
        bool[] won,
        double lambda)
    {
        var compact = Enumerable.Repeat(-1, featureCount).ToArray();
        var active = Varying(rows, featureCount);
        for (var k = 0; k < active.Length; k++)
        {
            compact[active[k]] = k;
        }

        FeatureRow Compact(FeatureRow row)
        {
            var kept = Enumerable.Range(0, row.Indexes.Length).Where(k => compact[row.Indexes[k]] >= 0).ToArray();
            return new([.. kept.Select(k => compact[row.Indexes[k]])], [.. kept.Select(k => row.Values[k])]);
        }

        var fit = LogisticRegression.Fit([.. rows.Select(Compact)], won, active.Length, lambda);
        var weights = new double?[featureCount];
        var errors = new double?[featureCount];
        var full = new double[featureCount];
        foreach (var (feature, k) in active.Select((feature, k) => (feature, k)))
        {
            weights[feature] = fit.Weights[k];
            full[feature] = fit.Weights[k];
            errors[feature] = double.IsFinite(fit.StandardErrors[k]) ? fit.StandardErrors[k] : null;
        }

        return (weights, errors, fit with { Weights = full });
    }

    /// <summary>The features whose value is not the same for every lead (a lead without one has it at 0), ascending.</summary>
    private static int[] Varying(FeatureRow[] rows, int featureCount)
    {
        var first = new double?[featureCount];
        var varies = new bool[featureCount];
        var seen = new int[featureCount];
        foreach (var row in rows)
        {
            for (var k = 0; k < row.Indexes.Length; k++)
            {
                var feature = row.Indexes[k];
                seen[feature]++;
                first[feature] ??= row.Values[k];
                varies[feature] |= row.Values[k] != first[feature];
            }
        }

        return [.. Enumerable.Range(0, featureCount).Where(f => varies[f] || (seen[f] > 0 && seen[f] < rows.Length))];
    }

    /// <summary>Per live rule, its new points and confidence; the factor from weights to points.</summary>
    private static (IReadOnlyList<RuleSuggestion> Suggestions, double Factor) Suggestions(
        IReadOnlyList<ModelRule> rules,
        double?[] weights,
        double?[] errors)
    {
        var fitted = Enumerable.Range(0, rules.Count).Where(i => weights[i] is not null).ToArray();
        var factor = PointsScale.Factor([.. fitted.Select(i => rules[i].Points)], [.. fitted.Select(i => weights[i]!.Value)]);
        var suggestions = rules.Select((rule, i) =>
        {
            if (weights[i] is not { } weight)
            {
                return new RuleSuggestion(
                    rule.Id, rule.Kind, rule.Points, rule.Points, null, null, null, RuleSuggestion.ConfidenceFor(null));
            }

            var z = Z(weight, errors[i]);
            var points = factor > 0 ? PointsScale.Points(weight, factor) : rule.Points;
            return new RuleSuggestion(rule.Id, rule.Kind, rule.Points, points, weight, errors[i], z, RuleSuggestion.ConfidenceFor(z));
        });
        return ([.. suggestions], factor);
    }

    /// <summary>The kept candidates as rules with points and evidence; those whose points round to 0 are left out.</summary>
    private static List<DiscoveredRule> Discovered(
        IReadOnlyList<ScoredOutcome> outcomes,
        DiscoveredFeatures discovered,
        int[] selected,
        double?[] weights,
        double?[] errors,
        int ruleCount,
        double factor)
    {
        var keptWeights = selected.Select((_, k) => weights[ruleCount + k] ?? 0).ToArray();
        if (factor == 0 && keptWeights.Length > 0)
        {
            // No live rule was fitted to take the scale from: size the discovered rules as rules worth nothing yet.
            factor = PointsScale.Factor([.. keptWeights.Select(_ => 0m)], keptWeights);
        }

        var baseRate = (double)outcomes.Count(o => o.Won) / outcomes.Count;
        var added = new List<DiscoveredRule>();
        for (var k = 0; k < selected.Length; k++)
        {
            var candidate = discovered.Candidates[selected[k]];
            if (weights[ruleCount + k] is not { } weight || errors[ruleCount + k] is not { } error || factor == 0)
            {
                continue;
            }

            var points = PointsScale.Points(weight, factor);
            var z = Z(weight, error) ?? 0;
            if (points == 0 || z < RuleSuggestion.MediumZ)
            {
                continue;
            }

            var winRate = (double)candidate.Won / candidate.Support;
            var rule = candidate.Rule;
            added.Add(new DiscoveredRule(
                rule.Id,
                rule.DisplayName,
                candidate.Kind,
                candidate.Field?.Field,
                candidate.Field?.Values[0],
                candidate.Engagement?.EventType,
                candidate.Engagement?.Where,
                candidate.Support,
                candidate.Won,
                Math.Round(winRate, 4),
                Math.Round(baseRate > 0 ? winRate / baseRate : 0, 4),
                weight,
                error,
                z,
                RuleSuggestion.ConfidenceFor(z),
                points));
        }

        return added;
    }

    /// <summary>The discovered rule as it goes into the candidate, with its points.</summary>
    private static ScoringRule Rule(DiscoveredFeatures discovered, DiscoveredRule rule)
    {
        var candidate = discovered.Candidates.First(c => c.Rule.Id == rule.RuleId);
        return candidate.Field is { } field ? field with { Points = rule.Points } : candidate.Engagement! with { Points = rule.Points };
    }

    /// <summary>
    /// The leads the thresholds are fitted on (the held-out ones; all when none is held out, with a warning), under the
    /// candidate's points and the live model's, and the counts the SQL requirements are judged by (every lead).
    /// </summary>
    private static ThresholdFit.Evidence ThresholdEvidence(
        IReadOnlyList<ScoredOutcome> outcomes, bool[] isHeldOut, CandidateEstimate estimate, List<string> warnings)
    {
        var leads = Enumerable.Range(0, outcomes.Count).Where(n => isHeldOut[n]).ToArray();
        if (leads.Length == 0)
        {
            warnings.Add("No lead was held out (holdout 0): the thresholds are fitted and judged on the leads the points were fitted on.");
            leads = [.. Enumerable.Range(0, outcomes.Count)];
        }

        var bant = 0;
        for (var n = 0; n < outcomes.Count; n++)
        {
            bant += estimate.Lead(outcomes[n], n).BantComplete ? 1 : 0;
        }

        var dates = outcomes.Select(o => o.OutcomeAt).ToArray();
        return new ThresholdFit.Evidence(
            [.. leads.Select(n => estimate.Lead(outcomes[n], n))],
            [.. leads.Select(n => Today(outcomes[n]))],
            bant,
            outcomes.Count(o => o.HighIntent),
            outcomes.Count,
            BacktestMetrics.Weeks(dates.Min(), dates.Max()));
    }

    private static ThresholdLead Today(ScoredOutcome outcome) =>
        new(outcome.Won, outcome.LiveFit, outcome.LiveEngagement, outcome.Bant.IsComplete, outcome.HighIntent);

    private static double? Z(double? weight, double? error) =>
        weight is { } w && error is { } e and > 0 ? Math.Abs(w) / e : null;

    private static List<string> Warnings(IReadOnlyList<RuleSuggestion> suggestions, SuggestionFit fit)
    {
        var warnings = new List<string>();
        if (fit.Won < ThinWonCount)
        {
            warnings.Add(Invariant(
                $"Only {fit.Won} won leads (Salesforce Einstein asks for {ThinWonCount}): treat the points as a hint; backtest them."));
        }

        var untouched = suggestions.Where(s => s.Weight is null).Select(s => s.RuleId).ToArray();
        if (untouched.Length > 0)
        {
            warnings.Add(
                $"{untouched.Length} rules were activated by no lead in the fit, or by every lead alike, so there is nothing " +
                "to learn about them; they keep their points (confidence none): " +
                string.Join(", ", untouched) + ".");
        }

        if (fit.Scale == 0)
        {
            warnings.Add("Every fitted weight is 0: the outcomes say nothing about the rules; the points are unchanged.");
        }

        if (!fit.Converged)
        {
            warnings.Add(Invariant($"The fit did not converge in {fit.Iterations} steps; try a larger lambda."));
        }

        if (fit.Auc is null)
        {
            warnings.Add("The held-out leads lack won or not-won leads: no AUC (raise holdout, or record more outcomes).");
        }

        return warnings;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
