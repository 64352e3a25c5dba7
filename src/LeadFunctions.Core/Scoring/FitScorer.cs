using System.Text.RegularExpressions;
using LeadFunctions.Leads;

namespace LeadFunctions.Scoring;

/// <summary>
/// The fit step: who the lead is, scored by the model's fit rules (each dimension counted once, first matching rule
/// wins; email-domain rules and field rules all apply), limited to the model's range, with the BANT evidence the profile
/// gives. Field rules read the lead's attribution too (its first form's utm values and form id).
/// </summary>
internal sealed class FitScorer(ScoringModel model)
{
    public (decimal Fit, BantStatus Bant) Score(LeadProfile profile, LeadAttribution attribution, List<ScoreContribution> breakdown)
    {
        var fitModel = model.Fit;
        var start = breakdown.Count;
        var authority = ScoreJobTitle(profile.JobTitle, breakdown);

        if (profile.CompanySize is { } size and >= 0)
        {
            AddFirstRange(breakdown, fitModel.CompanySize, size, "companySize");
        }

        AddFirstListMatch(breakdown, fitModel.Industry, profile.Industry, "industry");
        AddFirstListMatch(breakdown, fitModel.Country, profile.Country, "country");

        var budget = profile.Budget is { } amount and >= 0
            && AddFirstRange(breakdown, fitModel.Budget, amount, "budget") is { Points: > 0 };
        var timeline = profile.TimelineMonths is { } months and >= 0
            && AddFirstRange(breakdown, fitModel.Timeline, months, "timeline") is { Points: > 0 };

        var needLength = profile.Need?.Trim().Length ?? 0;
        var need = fitModel.Need is { } needRule ? needLength >= needRule.MinLength : needLength > 0;
        if (need && fitModel.Need is { } stated)
        {
            breakdown.Add(ScoreContribution.Fit(stated, "need"));
        }

        ScoreEmailDomain(profile.EmailDomain, breakdown);
        ScoreFields(profile, attribution, breakdown);

        decimal fit = 0;
        for (var i = start; i < breakdown.Count; i++)
        {
            fit += breakdown[i].Points;
        }

        fit = ScoreContribution.ApplyLimit(breakdown, ScoreKind.Fit, fit, fitModel.MinScore, fitModel.MaxScore);
        return (fit, new BantStatus(budget, authority, need, timeline));
    }

    /// <summary>The first job-title rule that matches; true (authority, for BANT) when its points are positive.</summary>
    private bool ScoreJobTitle(string? jobTitle, List<ScoreContribution> breakdown)
    {
        if (string.IsNullOrWhiteSpace(jobTitle))
        {
            return false;
        }

        var rules = model.Fit.JobTitle;
        for (var i = 0; i < rules.Count; i++)
        {
            if (TitleMatches(model.JobTitlePatterns[i], jobTitle))
            {
                breakdown.Add(ScoreContribution.Fit(rules[i], "jobTitle"));
                return rules[i].Points > 0;
            }
        }

        return false;
    }

    /// <summary>Every email-domain rule whose domains include the lead's (free mail, competitors).</summary>
    private void ScoreEmailDomain(string domain, List<ScoreContribution> breakdown)
    {
        foreach (var rule in model.Fit.EmailDomain)
        {
            if (DomainMatches(domain, rule.Domains))
            {
                breakdown.Add(ScoreContribution.Fit(rule, "emailDomain"));
            }
        }
    }

    /// <summary>Every field rule one of whose values the lead's field has (a job title: any of its words).</summary>
    private void ScoreFields(LeadProfile profile, LeadAttribution attribution, List<ScoreContribution> breakdown)
    {
        var rules = model.Fit.Fields;
        for (var i = 0; i < rules.Count; i++)
        {
            var values = model.FieldValues[i];
            foreach (var value in CapturedFields.Values(rules[i].Field, profile, attribution, model))
            {
                if (values.Contains(value))
                {
                    breakdown.Add(ScoreContribution.Fit(rules[i], rules[i].Field));
                    break;
                }
            }
        }
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

    private static void AddFirstListMatch(
        List<ScoreContribution> breakdown,
        IReadOnlyList<ValueListRule> rules,
        string? value,
        string field)
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
                    breakdown.Add(ScoreContribution.Fit(rule, field));
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
                breakdown.Add(ScoreContribution.Fit(rule, field));
                return rule;
            }
        }

        return null;
    }
}
