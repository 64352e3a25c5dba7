using System.Globalization;
using LeadFunctions.Scoring;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// What one scoring model changes against another, the way a team reviews a change before publishing it. The rules:
/// <list type="bullet">
/// <item>Rules are matched by section and id (ids are unique within a model). A rule only in the version is
/// <see cref="RuleChangeKind.Added"/> (with what it matches), one only in the other model
/// <see cref="RuleChangeKind.Removed"/>; a rule in both is <see cref="RuleChangeKind.Changed"/> when its points, its
/// label or anything it matches or limits differ.</item>
/// <item>Where the first matching rule wins (job title, company size, industry, country, budget, timeline, engagement),
/// order is a setting too: a rule whose place among the rules both models share moved is changed (<c>position</c>).
/// A rule added or removed moves nobody's place.</item>
/// <item>A list (industries, domains, filters' event types…) is compared as a set, ignoring case as the scorer
/// matches it: its additions and removals are named, its order is not.</item>
/// <item>Model-wide: the score limits, the default half-life, the MQL, SQL and PQL thresholds, the grades, the
/// disposable domains and the unscored event types.</item>
/// </list>
/// Pure: no I/O, the same documents always give the same diff, rules in the version's order (removed ones after them,
/// section by section).
/// </summary>
public static class ModelRulesDiff
{
    private const string None = "none";

    /// <summary>What <paramref name="to"/> (a version) changes against <paramref name="from"/> (the live model).</summary>
    public static ModelDiff Compare(ScoringModelDocument from, ScoringModelDocument to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var oldSections = Sections(from);
        var newSections = Sections(to);
        var changes = new List<RuleChange>();
        for (var i = 0; i < oldSections.Count; i++)
        {
            CompareSection(oldSections[i], newSections[i], changes);
        }

        return new ModelDiff(from.Version, to.Version, changes, CompareFacts(ModelFacts(from), ModelFacts(to)));
    }

    private static void CompareSection(Section from, Section to, List<RuleChange> changes)
    {
        var oldById = from.Rules.ToDictionary(rule => rule.Id, StringComparer.Ordinal);
        var newIds = to.Rules.Select(rule => rule.Id).ToHashSet(StringComparer.Ordinal);
        var sharedOld = from.Rules.Where(rule => newIds.Contains(rule.Id)).Select(rule => rule.Id).ToList();
        var sharedNew = to.Rules.Where(rule => oldById.ContainsKey(rule.Id)).Select(rule => rule.Id).ToList();
        foreach (var rule in to.Rules)
        {
            if (!oldById.TryGetValue(rule.Id, out var old))
            {
                var matches = Facts(rule).Where(fact => fact.Name != "label")
                    .Select(fact => new SettingChange(fact.Name, null, fact.Values is { } values ? string.Join(", ", values) : fact.Value));
                changes.Add(new RuleChange(from.Name, rule.Id, rule.DisplayName, RuleChangeKind.Added, null, rule.Points, [.. matches]));
                continue;
            }

            var settings = CompareFacts(Facts(old), Facts(rule));
            var (oldPlace, newPlace) = (sharedOld.IndexOf(rule.Id), sharedNew.IndexOf(rule.Id));
            if (from.Ordered && oldPlace != newPlace)
            {
                settings.Insert(0, new SettingChange("position", Whole(oldPlace + 1), Whole(newPlace + 1)));
            }

            if (settings.Count > 0 || old.Points != rule.Points)
            {
                changes.Add(new RuleChange(
                    from.Name, rule.Id, rule.DisplayName, RuleChangeKind.Changed, old.Points, rule.Points, settings));
            }
        }

        changes.AddRange(from.Rules.Where(rule => !newIds.Contains(rule.Id)).Select(rule =>
            new RuleChange(from.Name, rule.Id, rule.DisplayName, RuleChangeKind.Removed, rule.Points, null, [])));
    }

    /// <summary>Every section of rules in the document's order, the same list of names for any document.</summary>
    private static List<Section> Sections(ScoringModelDocument document)
    {
        var fit = document.Fit;
        return
        [
            new("Job title", true, fit.JobTitle),
            new("Company size", true, fit.CompanySize),
            new("Industry", true, fit.Industry),
            new("Country", true, fit.Country),
            new("Budget (BANT)", true, fit.Budget),
            new("Timeline (BANT)", true, fit.Timeline),
            new("Need (BANT)", false, fit.Need is { } need ? [need] : []),
            new("Email domain", false, fit.EmailDomain),
            new("Captured field", false, fit.Fields),
            new("Engagement", true, document.Engagement.Rules),
        ];
    }

    /// <summary>A rule's settings besides its id and points, by name.</summary>
    private static List<Fact> Facts(ScoringRule rule)
    {
        var facts = new List<Fact> { new("label", rule.Label ?? None) };
        switch (rule)
        {
            case JobTitleRule title:
                facts.Add(new("pattern", title.Pattern));
                break;
            case RangeRule range:
                facts.Add(new("range", Range(range.Min, range.Max)));
                break;
            case ValueListRule list:
                facts.Add(new("values", null, list.Values));
                break;
            case DomainRule domains:
                facts.Add(new("domains", null, domains.Domains));
                break;
            case FieldRule field:
                facts.Add(new("field", field.Field));
                facts.Add(new("values", null, field.Values));
                break;
            case NeedRule need:
                facts.Add(new("minimum length", Whole(need.MinLength)));
                break;
            case EngagementRule engagement:
                facts.AddRange(EngagementFacts(engagement));
                break;
        }

        return facts;
    }

    private static IEnumerable<Fact> EngagementFacts(EngagementRule rule)
    {
        yield return new("event type", rule.EventType);
        yield return new("category", rule.Category);
        yield return new("filters", rule.Where.Count == 0 ? None : string.Join("; ", rule.Where.Select(Filter)));
        yield return new("cap", rule.Cap is { } cap ? Number(cap) : None);
        yield return new("once per", rule.OncePer ?? None);
        yield return new("max count", rule.MaxCount is { } count ? Whole(count) : None);
        yield return new("half-life", rule.HalfLifeDays is { } days ? Days(days) : "model default");
        yield return new("decays", rule.Decays ? "yes" : "no");
    }

    private static List<Fact> ModelFacts(ScoringModelDocument document)
    {
        var qualification = document.Qualification;
        return
        [
            new("fit score limits", Range(document.Fit.MinScore, document.Fit.MaxScore)),
            new("engagement score limits", Range(document.Engagement.MinScore, document.Engagement.MaxScore)),
            new("default half-life", Days(document.Engagement.DefaultHalfLifeDays)),
            new("MQL: minimum fit", Number(qualification.Mql.MinFit)),
            new("MQL: minimum engagement", Number(qualification.Mql.MinEngagement)),
            new("SQL: high-intent events", null, qualification.Sql.HighIntentEventTypes),
            new("SQL: high-intent window", Days(qualification.Sql.HighIntentWithinDays)),
            new("SQL: minimum total", qualification.Sql.MinTotal is { } total ? Number(total) : None),
            new("SQL: BANT required", qualification.Sql.RequireBant ? "yes" : "no"),
            new("PQL: minimum points", qualification.Pql is { } pql ? Number(pql.MinPoints) : "no PQL"),
            new("PQL: categories", null, qualification.Pql?.Categories ?? []),
            new("grades", string.Join(", ", document.Grades.Select(band =>
                band.MinFit is { } min ? $"{band.Grade} from fit {Number(min)}" : band.Grade))),
            new("disposable domains", null, document.Fit.DisposableDomains),
            new("unscored event types", null, document.Engagement.UnscoredEventTypes),
        ];
    }

    /// <summary>The settings whose values differ, in <paramref name="to"/>'s order; lists as additions and removals.</summary>
    private static List<SettingChange> CompareFacts(List<Fact> from, List<Fact> to)
    {
        var old = from.ToDictionary(fact => fact.Name, StringComparer.Ordinal);
        var changes = new List<SettingChange>();
        foreach (var fact in to)
        {
            var before = old[fact.Name];
            if (fact.Values is { } values)
            {
                var added = values.Except(before.Values!, StringComparer.OrdinalIgnoreCase).ToList();
                var removed = before.Values!.Except(values, StringComparer.OrdinalIgnoreCase).ToList();
                if (added.Count > 0)
                {
                    changes.Add(new SettingChange(fact.Name + " added", null, string.Join(", ", added)));
                }

                if (removed.Count > 0)
                {
                    changes.Add(new SettingChange(fact.Name + " removed", string.Join(", ", removed), null));
                }
            }
            else if (!string.Equals(before.Value, fact.Value, StringComparison.Ordinal))
            {
                changes.Add(new SettingChange(fact.Name, before.Value, fact.Value));
            }
        }

        return changes;
    }

    private static string Filter(PropertyFilter filter) => filter switch
    {
        { EqualTo: { } value } => $"{filter.Property} equals {value}",
        { Contains: { } value } => $"{filter.Property} contains {value}",
        { StartsWith: { } value } => $"{filter.Property} starts with {value}",
        _ => filter.Property,
    };

    private static string Range(decimal? min, decimal? max) => (min, max) switch
    {
        ({ } low, { } high) => $"{Number(low)} to {Number(high)}",
        ({ } low, null) => $"{Number(low)} or more",
        (null, { } high) => $"up to {Number(high)}",
        _ => "any",
    };

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Days(double days) => days.ToString("0.##", CultureInfo.InvariantCulture) + " days";

    /// <summary>Rules of one section; <paramref name="Ordered"/> when the first matching rule wins there.</summary>
    private sealed record Section(string Name, bool Ordered, IReadOnlyList<ScoringRule> Rules);

    /// <summary>A named setting: a single value, or a list (<paramref name="Values"/>) compared as a set.</summary>
    private sealed record Fact(string Name, string? Value, IReadOnlyList<string>? Values = null);
}
