using System.Globalization;
using System.Text;
using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// Finds candidate rules in what the app stores of the leads with an outcome: every captured field value
/// (<see cref="CapturedFields"/>) and every event feature (<see cref="EventFeature"/>) that at least
/// <c>minSupport</c> of them have (and not all), at most <see cref="MaxPerGroup"/> per field or per event type and
/// property (the most supported: a field with many values gives only its frequent ones), at most
/// <see cref="MaxCandidates"/> in all. A candidate that activates exactly the leads a live rule activates, or another
/// candidate does, says nothing new and is dropped. An event type alone is a candidate only when no live engagement
/// rule scores that type (a rule on a whole type would take every event of it from the live rules). Pure and
/// deterministic: ties are broken by the values' ordinal order.
/// </summary>
public static class RuleDiscovery
{
    /// <summary>Candidates per field, or per event type and property, at most.</summary>
    public const int MaxPerGroup = 20;

    /// <summary>Candidates in all, at most (each is a weight in the fit).</summary>
    public const int MaxCandidates = 200;

    /// <summary>The category of the engagement rules discovery adds.</summary>
    public const string Category = "discovered";

    private const int MaxIdLength = 100;

    /// <summary>The candidates in <paramref name="outcomes"/> that the live model's rules do not already express.</summary>
    public static DiscoveredFeatures Find(ScoringModel live, IReadOnlyList<ScoredOutcome> outcomes, int minSupport)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentOutOfRangeException.ThrowIfLessThan(minSupport, 1);
        if (outcomes.Count < minSupport)
        {
            return DiscoveredFeatures.None(outcomes.Count);
        }

        var scoredTypes = live.Engagement.Rules.Select(rule => rule.EventType).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tallies = CountLeads(outcomes, scoredTypes);
        var chosen = tallies.Values
            .Where(tally => tally.Leads.Count >= minSupport && tally.Leads.Count < outcomes.Count)
            .GroupBy(tally => tally.Group, StringComparer.Ordinal)
            .SelectMany(group => group.OrderByDescending(t => t.Leads.Count).ThenBy(t => t.Key, StringComparer.Ordinal).Take(MaxPerGroup))
            .OrderByDescending(tally => tally.Leads.Count)
            .ThenBy(tally => tally.Key, StringComparer.Ordinal)
            .Take(MaxCandidates);

        var seen = LiveRuleLeadSets(live, outcomes);
        var ids = new HashSet<string>(
            RuleActivations.FitRules(live.Fit).Concat(live.Engagement.Rules).Select(rule => rule.Id), StringComparer.Ordinal);
        var candidates = new List<DiscoveryCandidate>();
        var perLead = outcomes.Select(_ => new List<int>()).ToArray();
        foreach (var tally in chosen)
        {
            if (!seen.Add(new LeadSet(tally.Leads)))
            {
                continue;
            }

            var won = tally.Leads.Count(n => outcomes[n].Won);
            candidates.Add(Candidate(tally, UniqueId(tally.Id, ids), won));
            foreach (var n in tally.Leads)
            {
                perLead[n].Add(candidates.Count - 1);
            }
        }

        return new DiscoveredFeatures(candidates, [.. perLead.Select(list => list.ToArray())]);
    }

    /// <summary>Per captured value and event feature, the leads that have it (each lead once, ascending).</summary>
    private static Dictionary<string, Tally> CountLeads(IReadOnlyList<ScoredOutcome> outcomes, HashSet<string> scoredTypes)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        void Add(string key, string group, int n, CapturedValue? field, EventFeature? feature)
        {
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new Tally(key, group);
            }

            tally.Add(n, field, feature);
        }

        for (var n = 0; n < outcomes.Count; n++)
        {
            foreach (var captured in outcomes[n].Fields)
            {
                Add(Key("f", captured.Field, null, captured.Value), "f\u001F" + captured.Field, n, captured, null);
            }

            foreach (var feature in outcomes[n].Events)
            {
                if (feature.Property is null && scoredTypes.Contains(feature.EventType))
                {
                    continue;
                }

                var group = "e\u001F" + feature.EventType.ToUpperInvariant() + "\u001F" + feature.Property;
                Add(Key("e", feature.EventType, feature.Property, feature.Value), group, n, null, feature);
            }
        }

        return tallies;
    }

    private static string Key(string kind, string name, string? property, string? value) =>
        string.Join('\u001F', kind, name.ToUpperInvariant(), property, value?.ToUpperInvariant());

    /// <summary>The sets of leads each live rule activates: a candidate with the same set adds nothing.</summary>
    private static HashSet<LeadSet> LiveRuleLeadSets(ScoringModel live, IReadOnlyList<ScoredOutcome> outcomes)
    {
        var count = new RuleActivations(live).Rules.Count;
        var leads = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        for (var n = 0; n < outcomes.Count; n++)
        {
            var row = outcomes[n].Activations;
            for (var k = 0; k < row.Indexes.Length; k++)
            {
                if (row.Values[k] != 0 && row.Indexes[k] < count)
                {
                    leads[row.Indexes[k]].Add(n);
                }
            }
        }

        return [.. leads.Where(list => list.Count > 0).Select(list => new LeadSet(list))];
    }

    private static DiscoveryCandidate Candidate(Tally tally, string id, int won)
    {
        if (tally.Field is { } field)
        {
            var rule = new FieldRule
            {
                Id = id,
                Label = FieldLabel(field.Field) + ": " + field.Value,
                Field = field.Field,
                Values = [field.Value],
                Points = 0,
            };
            return new DiscoveryCandidate(ScoreKind.Fit, rule, null, tally.Leads.Count, won);
        }

        var feature = tally.Event!.Value;
        var engagement = new EngagementRule
        {
            Id = id,
            Label = EventLabel(feature),
            EventType = feature.EventType,
            Category = Category,
            Where = feature.Filters,
            MaxCount = 1,
            Decays = false,
            Points = 0,
        };
        return new DiscoveryCandidate(ScoreKind.Engagement, null, engagement, tally.Leads.Count, won);
    }

    /// <summary>"source-reference", "page-customers", "content-downloaded-c1": readable, from the field and value.</summary>
    private static string BaseId(CapturedValue? field, EventFeature? feature)
    {
        if (field is { } captured)
        {
            return FieldPrefix(captured.Field) + "-" + Slug(captured.Value);
        }

        var e = feature!.Value;
        return e.Property switch
        {
            null => Slug(e.EventType),
            EventFeature.PathProperty when string.Equals(e.EventType, "Page Viewed", StringComparison.OrdinalIgnoreCase) =>
                "page-" + Slug(e.Value!),
            _ => Slug(e.EventType) + "-" + Slug(e.Value!),
        };
    }

    private static string FieldPrefix(string field) => field switch
    {
        CapturedFields.UtmSource => "source",
        CapturedFields.UtmMedium => "medium",
        CapturedFields.UtmCampaign => "campaign",
        CapturedFields.FormId => "form",
        CapturedFields.JobTitleWord => "title-word",
        CapturedFields.CompanySizeBand => "size",
        CapturedFields.EmailDomainKind => "email",
        _ => field,
    };

    private static string FieldLabel(string field) => field switch
    {
        CapturedFields.UtmSource => "Source",
        CapturedFields.UtmMedium => "Medium",
        CapturedFields.UtmCampaign => "Campaign",
        CapturedFields.FormId => "Form",
        CapturedFields.Industry => "Industry",
        CapturedFields.Country => "Country",
        CapturedFields.JobTitleWord => "Job title word",
        CapturedFields.CompanySizeBand => "Company size",
        CapturedFields.EmailDomainKind => "Email",
        _ => field,
    };

    private static string EventLabel(EventFeature feature) => feature.Property switch
    {
        null => feature.EventType + " (any)",
        EventFeature.PathProperty when string.Equals(feature.EventType, "Page Viewed", StringComparison.OrdinalIgnoreCase) =>
            "Viewed " + feature.Value,
        EventFeature.PathProperty => feature.EventType + " on " + feature.Value,
        _ => feature.EventType + ": " + feature.Property + " " + feature.Value,
    };

    /// <summary>Lower-case letters and digits, anything else one hyphen; "value" when nothing is left.</summary>
    private static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var character in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(character))
            {
                slug.Append(character);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "value" : result;
    }

    /// <summary>The id, or with "-2", "-3"… when a rule already has it; within the validator's 100 characters.</summary>
    private static string UniqueId(string id, HashSet<string> ids)
    {
        var stem = id.Length > MaxIdLength - 4 ? id[..(MaxIdLength - 4)].TrimEnd('-') : id;
        var unique = stem;
        for (var n = 2; !ids.Add(unique); n++)
        {
            unique = stem + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return unique;
    }

    /// <summary>
    /// One candidate's leads, while they are counted. Of the spellings of its value (compared ignoring case), the rule
    /// shows the ordinal least, so its text does not depend on the order the leads were read in.
    /// </summary>
    private sealed class Tally(string key, string group)
    {
        public string Key { get; } = key;

        /// <summary>The field, or the event type and property: at most <see cref="MaxPerGroup"/> candidates each.</summary>
        public string Group { get; } = group;

        public CapturedValue? Field { get; private set; }

        public EventFeature? Event { get; private set; }

        public List<int> Leads { get; } = [];

        public string Id => BaseId(Field, Event);

        public void Add(int n, CapturedValue? field, EventFeature? feature)
        {
            if (Leads.Count == 0 || Leads[^1] != n)
            {
                Leads.Add(n);
            }

            if (field is { } captured && (Field is not { } kept || string.CompareOrdinal(captured.Value, kept.Value) < 0))
            {
                Field = captured;
            }

            if (feature is { } seen && (Event is not { } first || string.CompareOrdinal(Text(seen), Text(first)) < 0))
            {
                Event = seen;
            }
        }

        private static string Text(EventFeature feature) => feature.EventType + "\u001F" + feature.Value;
    }

    /// <summary>A set of leads (ascending indexes), compared by its members.</summary>
    private sealed class LeadSet(List<int> leads) : IEquatable<LeadSet>
    {
        private readonly int _hash = leads.Aggregate(leads.Count, (hash, n) => unchecked((hash * 31) + n));

        public bool Equals(LeadSet? other) => other is not null && leads.SequenceEqual(other.Leads);

        public override bool Equals(object? obj) => Equals(obj as LeadSet);

        public override int GetHashCode() => _hash;

        private List<int> Leads => leads;
    }
}
