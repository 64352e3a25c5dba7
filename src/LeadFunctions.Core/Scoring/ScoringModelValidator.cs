using System.Text.RegularExpressions;

namespace LeadFunctions.Scoring;

/// <summary>Semantic checks of a parsed model document; every error names its JSON path.</summary>
internal static class ScoringModelValidator
{
    private const decimal MaxAbsolutePoints = 10_000;

    /// <summary>
    /// Engagement rules and job-title patterns together (each pattern is a regex compiled wherever the model scores,
    /// every backtest page included).
    /// </summary>
    private const int MaxRules = 1_000;
    private const int MaxIdLength = 100;
    private const int MaxPatternLength = 200;

    public static IReadOnlyList<ModelError> Validate(ScoringModelDocument document, TimeSpan patternTimeout)
    {
        var errors = new List<ModelError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);

        if (string.IsNullOrWhiteSpace(document.Version) || document.Version.Length > MaxIdLength)
        {
            errors.Add(new("$.version", $"must be a non-empty string of at most {MaxIdLength} characters"));
        }

        ValidateFit(document.Fit, errors, ids, patternTimeout);
        ValidateEngagement(document.Engagement, errors, ids);
        CheckRuleCount(document, errors);
        ValidateQualification(document.Qualification, errors);
        ValidateGrades(document.Grades, errors);
        return errors;
    }

    private static void ValidateFit(FitModel fit, List<ModelError> errors, HashSet<string> ids, TimeSpan patternTimeout)
    {
        CheckLimits("$.fit", fit.MinScore, fit.MaxScore, errors);
        CheckJobTitles(fit.JobTitle, errors, ids, patternTimeout);
        CheckRanges("$.fit.companySize", fit.CompanySize, errors, ids);
        CheckRanges("$.fit.budget", fit.Budget, errors, ids);
        CheckRanges("$.fit.timeline", fit.Timeline, errors, ids);
        CheckValueLists("$.fit.industry", fit.Industry, errors, ids);
        CheckValueLists("$.fit.country", fit.Country, errors, ids);

        if (fit.Need is { } need)
        {
            CheckNeed(need, errors, ids);
        }

        for (var i = 0; i < fit.EmailDomain.Count; i++)
        {
            var path = $"$.fit.emailDomain[{i}]";
            CheckRule(path, fit.EmailDomain[i], errors, ids);
            CheckDomains($"{path}.domains", fit.EmailDomain[i].Domains, errors, requireAny: true);
        }

        CheckDomains("$.fit.disposableDomains", fit.DisposableDomains, errors, requireAny: false);
        CheckFields(fit.Fields, errors, ids);
    }

    /// <summary>Field rules: a field the app captures (named exactly), at least one value, at most <see cref="MaxRules"/>.</summary>
    private static void CheckFields(IReadOnlyList<FieldRule> rules, List<ModelError> errors, HashSet<string> ids)
    {
        if (rules.Count > MaxRules)
        {
            errors.Add(new("$.fit.fields", $"has {rules.Count} rules; at most {MaxRules} are accepted"));
        }

        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"$.fit.fields[{i}]";
            CheckRule(path, rules[i], errors, ids);
            if (!CapturedFields.IsKnown(rules[i].Field))
            {
                errors.Add(new(
                    $"{path}.field",
                    $"is not a field the app captures; the fields are {string.Join(", ", CapturedFields.Names)}"));
            }

            if (rules[i].Values.Count == 0)
            {
                errors.Add(new($"{path}.values", "must list at least one value"));
            }

            for (var v = 0; v < rules[i].Values.Count; v++)
            {
                CheckName($"{path}.values[{v}]", rules[i].Values[v], errors);
            }
        }
    }

    /// <summary>
    /// Job-title patterns count toward <see cref="MaxRules"/> with the engagement rules (too many engagement rules alone
    /// are reported at <c>$.engagement.rules</c>).
    /// </summary>
    private static void CheckRuleCount(ScoringModelDocument document, List<ModelError> errors)
    {
        var (titles, engagement) = (document.Fit.JobTitle.Count, document.Engagement.Rules.Count);
        if (engagement <= MaxRules && titles + engagement > MaxRules)
        {
            errors.Add(new(
                "$.fit.jobTitle",
                $"has {titles} patterns; with the {engagement} engagement rules that is {titles + engagement} rules; "
                + $"at most {MaxRules} are accepted"));
        }
    }

    private static void CheckJobTitles(
        IReadOnlyList<JobTitleRule> rules, List<ModelError> errors, HashSet<string> ids, TimeSpan patternTimeout)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var path = $"$.fit.jobTitle[{i}]";
            var rule = rules[i];
            CheckRule(path, rule, errors, ids);
            if (rule.Pattern.Length > MaxPatternLength)
            {
                errors.Add(new($"{path}.pattern", $"must be at most {MaxPatternLength} characters"));
                continue;
            }

            try
            {
                _ = new Regex(rule.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, patternTimeout);
            }
            catch (ArgumentException exception)
            {
                errors.Add(new($"{path}.pattern", $"is not a valid regular expression: {exception.Message}"));
            }
        }
    }

    private static void CheckNeed(NeedRule need, List<ModelError> errors, HashSet<string> ids)
    {
        CheckRule("$.fit.need", need, errors, ids);
        if (need.MinLength is < 1 or > 10_000)
        {
            errors.Add(new("$.fit.need.minLength", "must be between 1 and 10000"));
        }
    }

    private static void ValidateEngagement(EngagementModel engagement, List<ModelError> errors, HashSet<string> ids)
    {
        CheckLimits("$.engagement", engagement.MinScore, engagement.MaxScore, errors);
        CheckHalfLife("$.engagement.defaultHalfLifeDays", engagement.DefaultHalfLifeDays, errors);

        if (engagement.Rules.Count > MaxRules)
        {
            errors.Add(new("$.engagement.rules", $"has {engagement.Rules.Count} rules; at most {MaxRules} are accepted"));
        }

        for (var i = 0; i < engagement.Rules.Count; i++)
        {
            CheckEngagementRule($"$.engagement.rules[{i}]", engagement.Rules[i], errors, ids);
        }

        for (var i = 0; i < engagement.UnscoredEventTypes.Count; i++)
        {
            CheckName($"$.engagement.unscoredEventTypes[{i}]", engagement.UnscoredEventTypes[i], errors);
        }
    }

    private static void CheckEngagementRule(string path, EngagementRule rule, List<ModelError> errors, HashSet<string> ids)
    {
        CheckRule(path, rule, errors, ids);
        CheckName($"{path}.eventType", rule.EventType, errors);
        CheckName($"{path}.category", rule.Category, errors);

        if (rule.Cap is { } cap && (cap <= 0 || cap > MaxAbsolutePoints))
        {
            errors.Add(new($"{path}.cap", $"must be greater than 0 and at most {MaxAbsolutePoints}"));
        }

        if (rule.MaxCount is < 1)
        {
            errors.Add(new($"{path}.maxCount", "must be at least 1"));
        }

        if (rule.OncePer is not null)
        {
            CheckName($"{path}.oncePer", rule.OncePer, errors);
        }

        if (rule.HalfLifeDays is { } halfLife)
        {
            CheckHalfLife($"{path}.halfLifeDays", halfLife, errors);
            if (!rule.Decays)
            {
                errors.Add(new($"{path}.halfLifeDays", "is set but decays is false; remove one of them"));
            }
        }

        CheckFilters($"{path}.where", rule.Where, errors);
    }

    private static void CheckFilters(string path, IReadOnlyList<PropertyFilter> filters, List<ModelError> errors)
    {
        for (var i = 0; i < filters.Count; i++)
        {
            var filter = filters[i];
            var filterPath = $"{path}[{i}]";
            CheckName($"{filterPath}.property", filter.Property, errors);
            var conditions = (filter.EqualTo is null ? 0 : 1) + (filter.Contains is null ? 0 : 1) + (filter.StartsWith is null ? 0 : 1);
            if (conditions != 1)
            {
                errors.Add(new(filterPath, "must set exactly one of equals, contains, startsWith"));
            }
        }
    }

    private static void ValidateQualification(QualificationModel qualification, List<ModelError> errors)
    {
        CheckPoints("$.qualification.mql.minFit", qualification.Mql.MinFit, errors);
        CheckPoints("$.qualification.mql.minEngagement", qualification.Mql.MinEngagement, errors);

        var sql = qualification.Sql;
        if (sql.HighIntentEventTypes.Count == 0 && sql.MinTotal is null)
        {
            errors.Add(new("$.qualification.sql", "needs highIntentEventTypes or minTotal, or no lead can become an SQL"));
        }

        for (var i = 0; i < sql.HighIntentEventTypes.Count; i++)
        {
            CheckName($"$.qualification.sql.highIntentEventTypes[{i}]", sql.HighIntentEventTypes[i], errors);
        }

        if (!double.IsFinite(sql.HighIntentWithinDays) || sql.HighIntentWithinDays <= 0 || sql.HighIntentWithinDays > 3650)
        {
            errors.Add(new("$.qualification.sql.highIntentWithinDays", "must be greater than 0 and at most 3650"));
        }

        if (sql.MinTotal is { } minTotal)
        {
            CheckPoints("$.qualification.sql.minTotal", minTotal, errors);
        }

        if (qualification.Pql is { } pql)
        {
            CheckPoints("$.qualification.pql.minPoints", pql.MinPoints, errors);
            if (pql.MinPoints <= 0)
            {
                errors.Add(new("$.qualification.pql.minPoints", "must be greater than 0"));
            }

            if (pql.Categories.Count == 0)
            {
                errors.Add(new("$.qualification.pql.categories", "must name at least one rule category"));
            }
        }
    }

    private static void ValidateGrades(IReadOnlyList<GradeBand> grades, List<ModelError> errors)
    {
        if (grades.Count == 0)
        {
            errors.Add(new("$.grades", "must list at least one grade"));
            return;
        }

        decimal? previous = null;
        for (var i = 0; i < grades.Count; i++)
        {
            var path = $"$.grades[{i}]";
            var band = grades[i];
            if (string.IsNullOrWhiteSpace(band.Grade) || band.Grade.Length > 4)
            {
                errors.Add(new($"{path}.grade", "must be a non-empty label of at most 4 characters"));
            }

            var isLast = i == grades.Count - 1;
            if (isLast && band.MinFit is not null)
            {
                errors.Add(new($"{path}.minFit", "must be absent on the last grade, which catches every remaining lead"));
            }
            else if (!isLast && band.MinFit is null)
            {
                errors.Add(new($"{path}.minFit", "is required on every grade but the last"));
            }
            else if (band.MinFit is { } minFit)
            {
                if (previous is { } higher && minFit >= higher)
                {
                    errors.Add(new($"{path}.minFit", "must be lower than the grade before it"));
                }

                previous = minFit;
            }
        }
    }

    private static void CheckRule(string path, ScoringRule rule, List<ModelError> errors, HashSet<string> ids)
    {
        if (string.IsNullOrWhiteSpace(rule.Id) || rule.Id.Length > MaxIdLength)
        {
            errors.Add(new($"{path}.id", $"must be a non-empty string of at most {MaxIdLength} characters"));
        }
        else if (!ids.Add(rule.Id))
        {
            errors.Add(new($"{path}.id", $"'{rule.Id}' is used by another rule; rule ids must be unique"));
        }

        CheckPoints($"{path}.points", rule.Points, errors);
    }

    private static void CheckRanges(string path, IReadOnlyList<RangeRule> rules, List<ModelError> errors, HashSet<string> ids)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            CheckRule($"{path}[{i}]", rule, errors, ids);
            if (rule.Min is null && rule.Max is null)
            {
                errors.Add(new($"{path}[{i}]", "must set min, max or both"));
            }
            else if (rule.Min > rule.Max)
            {
                errors.Add(new($"{path}[{i}].min", "must not be greater than max"));
            }
        }
    }

    private static void CheckValueLists(string path, IReadOnlyList<ValueListRule> rules, List<ModelError> errors, HashSet<string> ids)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            CheckRule($"{path}[{i}]", rules[i], errors, ids);
            if (rules[i].Values.Count == 0)
            {
                errors.Add(new($"{path}[{i}].values", "must list at least one value"));
            }

            for (var v = 0; v < rules[i].Values.Count; v++)
            {
                CheckName($"{path}[{i}].values[{v}]", rules[i].Values[v], errors);
            }
        }
    }

    private static void CheckDomains(string path, IReadOnlyList<string> domains, List<ModelError> errors, bool requireAny)
    {
        if (requireAny && domains.Count == 0)
        {
            errors.Add(new(path, "must list at least one domain"));
        }

        for (var i = 0; i < domains.Count; i++)
        {
            var domain = domains[i];
            if (string.IsNullOrWhiteSpace(domain)
                || domain.Length > 253
                || domain.Contains('@', StringComparison.Ordinal)
                || !domain.Contains('.', StringComparison.Ordinal))
            {
                errors.Add(new($"{path}[{i}]", "must be a domain name such as example.com"));
            }
        }
    }

    private static void CheckLimits(string path, decimal min, decimal max, List<ModelError> errors)
    {
        CheckPoints($"{path}.minScore", min, errors);
        CheckPoints($"{path}.maxScore", max, errors);
        if (min >= max)
        {
            errors.Add(new($"{path}.minScore", "must be lower than maxScore"));
        }
    }

    private static void CheckPoints(string path, decimal points, List<ModelError> errors)
    {
        if (Math.Abs(points) > MaxAbsolutePoints)
        {
            errors.Add(new(path, $"must be between -{MaxAbsolutePoints} and {MaxAbsolutePoints}"));
        }
        else if (decimal.Round(points, 2) != points)
        {
            errors.Add(new(path, "must have at most two decimal places"));
        }
    }

    private static void CheckHalfLife(string path, double days, List<ModelError> errors)
    {
        if (!double.IsFinite(days) || days < 1.0 / 24 || days > 3650)
        {
            errors.Add(new(path, "must be between 1 hour (0.0417) and 3650 days"));
        }
    }

    private static void CheckName(string path, string? value, List<ModelError> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength)
        {
            errors.Add(new(path, $"must be a non-empty string of at most {MaxIdLength} characters"));
        }
    }
}
