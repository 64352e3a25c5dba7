using System.Globalization;
using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// Suggests points for the live model's own rules from recorded outcomes: an L2-regularised logistic regression of
/// "won" on each rule's activation (<see cref="RuleActivations"/>), fitted on the leads outside the held-out split and
/// judged by its AUC on the leads inside it; the weights become points by <see cref="PointsScale"/>. Pure and
/// deterministic: the same outcomes and options always give the same suggestion.
/// </summary>
public static class PointsSuggester
{
    /// <summary>Fewer leads with a known outcome than this: no suggestion.</summary>
    public const int MinLeads = 20;

    /// <summary>Salesforce Einstein's minimum of converted leads; fewer is thin data, said in a warning.</summary>
    public const int ThinWonCount = 120;

    public static SuggestionResult Suggest(ScoringModel live, IReadOnlyList<ScoredOutcome> outcomes, SuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(options);
        if (Refusal(outcomes, string.Empty, MinLeads) is { } refusal)
        {
            return SuggestionResult.Refused(refusal);
        }

        var heldOut = outcomes.Where(o => HeldOutSplit.IsHeldOut(o.LeadId, options.Holdout)).ToArray();
        var training = outcomes.Where(o => !HeldOutSplit.IsHeldOut(o.LeadId, options.Holdout)).ToArray();
        var afterHoldout = Invariant($" outside the held-out {options.Holdout * 100:0.#}% (lower holdout)");
        if (Refusal(training, afterHoldout, minLeads: 1) is { } thin)
        {
            return SuggestionResult.Refused(thin);
        }

        var rules = new RuleActivations(live).Rules;
        var (weights, errors, fit) = FitWeights(rules.Count, training, options.Lambda);
        var (suggestions, factor) = Suggestions(rules, weights, errors);
        var points = suggestions.ToDictionary(s => s.RuleId, s => s.NewPoints, StringComparer.Ordinal);
        var candidate = CandidateModel.Create(live, points);
        var summary = Summarize(outcomes, heldOut, fit, [.. weights.Select(w => w ?? 0)], factor, options);
        return new SuggestionResult(new PointsSuggestion(candidate, suggestions, summary, Warnings(suggestions, summary)), null);
    }

    /// <summary>The fit's figures: counts, settings, and the AUC of the fit and of the live model on the held-out leads.</summary>
    private static SuggestionFit Summarize(
        IReadOnlyList<ScoredOutcome> outcomes,
        ScoredOutcome[] heldOut,
        LogisticFit fit,
        double[] weights,
        double factor,
        SuggestionOptions options)
    {
        bool[] heldOutWon = [.. heldOut.Select(o => o.Won)];
        return new SuggestionFit
        {
            Auc = AreaUnderCurve.Compute([.. heldOut.Select(o => o.Activations.Predict(fit.Intercept, weights))], heldOutWon),
            LiveAuc = AreaUnderCurve.Compute([.. heldOut.Select(o => (double)o.LiveScore)], heldOutWon),
            Won = outcomes.Count(o => o.Won),
            NotWon = outcomes.Count(o => !o.Won),
            HeldOut = heldOut.Length,
            Holdout = options.Holdout,
            Lambda = options.Lambda,
            Scale = factor,
            Intercept = fit.Intercept,
            Iterations = fit.Iterations,
            Converged = fit.Converged,
        };
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
    /// Fits the rules whose activation differs between training leads (a rule no lead activated, or every lead alike,
    /// has nothing to learn from); per rule, its weight and standard error, null for the others.
    /// </summary>
    private static (double?[] Weights, double?[] Errors, LogisticFit Fit) FitWeights(
        int ruleCount,
        IReadOnlyList<ScoredOutcome> training,
        double lambda)
    {
        var compact = Enumerable.Repeat(-1, ruleCount).ToArray();
        var active = Varying(training, ruleCount);
        for (var k = 0; k < active.Length; k++)
        {
            compact[active[k]] = k;
        }

        FeatureRow Compact(FeatureRow row)
        {
            var kept = Enumerable.Range(0, row.Indexes.Length).Where(k => compact[row.Indexes[k]] >= 0).ToArray();
            return new([.. kept.Select(k => compact[row.Indexes[k]])], [.. kept.Select(k => row.Values[k])]);
        }

        var fit = LogisticRegression.Fit(
            [.. training.Select(o => Compact(o.Activations))],
            [.. training.Select(o => o.Won)],
            active.Length,
            lambda);
        var weights = new double?[ruleCount];
        var errors = new double?[ruleCount];
        foreach (var (rule, k) in active.Select((rule, k) => (rule, k)))
        {
            weights[rule] = fit.Weights[k];
            errors[rule] = double.IsFinite(fit.StandardErrors[k]) ? fit.StandardErrors[k] : null;
        }

        return (weights, errors, fit);
    }

    /// <summary>The rules whose activation is not the same for every lead (a lead without a rule has it at 0), ascending.</summary>
    private static int[] Varying(IReadOnlyList<ScoredOutcome> outcomes, int ruleCount)
    {
        var first = new double?[ruleCount];
        var varies = new bool[ruleCount];
        var seen = new int[ruleCount];
        foreach (var row in outcomes.Select(o => o.Activations))
        {
            for (var k = 0; k < row.Indexes.Length; k++)
            {
                var rule = row.Indexes[k];
                seen[rule]++;
                first[rule] ??= row.Values[k];
                varies[rule] |= row.Values[k] != first[rule];
            }
        }

        return [.. Enumerable.Range(0, ruleCount).Where(rule => varies[rule] || (seen[rule] > 0 && seen[rule] < outcomes.Count))];
    }

    /// <summary>Per rule, its new points and confidence; the factor from weights to points.</summary>
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

            var z = errors[i] is { } error and > 0 ? Math.Abs(weight) / error : (double?)null;
            var points = factor > 0 ? PointsScale.Points(weight, factor) : rule.Points;
            return new RuleSuggestion(rule.Id, rule.Kind, rule.Points, points, weight, errors[i], z, RuleSuggestion.ConfidenceFor(z));
        });
        return ([.. suggestions], factor);
    }

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
