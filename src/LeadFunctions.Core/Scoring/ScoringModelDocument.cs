using System.Text.Json.Serialization;

namespace LeadFunctions.Scoring;

// The JSON shape of a scoring model (camelCase). ScoringModel.Parse validates it and compiles it for the scorer.

/// <summary>Fit (who the lead is). Fit does not decay.</summary>
public sealed record FitModel
{
    /// <summary>Lower limit of the fit score (negative totals are allowed down to this).</summary>
    public decimal MinScore { get; init; } = -100;

    /// <summary>Upper limit of the fit score.</summary>
    public decimal MaxScore { get; init; } = 100;

    /// <summary>Seniority and authority from the job title; the first matching pattern counts.</summary>
    public IReadOnlyList<JobTitleRule> JobTitle { get; init; } = [];

    /// <summary>Employee-count bands; the first matching band counts.</summary>
    public IReadOnlyList<RangeRule> CompanySize { get; init; } = [];

    /// <summary>Industry lists; the first list that contains the lead's industry counts.</summary>
    public IReadOnlyList<ValueListRule> Industry { get; init; } = [];

    /// <summary>Country lists; the first list that contains the lead's country counts.</summary>
    public IReadOnlyList<ValueListRule> Country { get; init; } = [];

    /// <summary>BANT budget bands (amount); the first matching band counts.</summary>
    public IReadOnlyList<RangeRule> Budget { get; init; } = [];

    /// <summary>BANT timeline bands (months until purchase); the first matching band counts.</summary>
    public IReadOnlyList<RangeRule> Timeline { get; init; } = [];

    /// <summary>BANT need: points when the lead states a need of at least the given length.</summary>
    public NeedRule? Need { get; init; }

    /// <summary>Email domain rules (free mail, competitors); every matching rule counts.</summary>
    public IReadOnlyList<DomainRule> EmailDomain { get; init; } = [];

    /// <summary>Disposable email domains: rejected at capture, never scored.</summary>
    public IReadOnlyList<string> DisposableDomains { get; init; } = [];
}

/// <summary>Base of every rule: a stable id (shown in explanations), a label for people, and points.</summary>
public abstract record ScoringRule
{
    public required string Id { get; init; }

    public string? Label { get; init; }

    public required decimal Points { get; init; }

    public string DisplayName => Label ?? Id;
}

public sealed record JobTitleRule : ScoringRule
{
    /// <summary>A case-insensitive .NET regular expression matched against the job title.</summary>
    public required string Pattern { get; init; }
}

/// <summary>Matches a number within [Min, Max] (both inclusive, either may be absent).</summary>
public sealed record RangeRule : ScoringRule
{
    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public bool Matches(decimal value) => (Min is null || value >= Min) && (Max is null || value <= Max);
}

/// <summary>Matches when the value equals one of <see cref="Values"/> (case-insensitive).</summary>
public sealed record ValueListRule : ScoringRule
{
    public required IReadOnlyList<string> Values { get; init; }
}

/// <summary>Matches an email domain or any of its subdomains.</summary>
public sealed record DomainRule : ScoringRule
{
    public required IReadOnlyList<string> Domains { get; init; }
}

/// <summary>BANT need: points when a stated need has at least <see cref="MinLength"/> characters.</summary>
public sealed record NeedRule : ScoringRule
{
    public int MinLength { get; init; } = 1;
}

/// <summary>Engagement (what the lead does). Decays exponentially by event age.</summary>
public sealed record EngagementModel
{
    public decimal MinScore { get; init; } = -100;

    public decimal MaxScore { get; init; } = 200;

    /// <summary>Half-life for rules that do not set their own.</summary>
    public required double DefaultHalfLifeDays { get; init; }

    /// <summary>Rules in priority order: an event counts for the first rule whose type and filters match.</summary>
    public required IReadOnlyList<EngagementRule> Rules { get; init; }

    /// <summary>Event types accepted and stored but worth no points (for example "Identify").</summary>
    public IReadOnlyList<string> UnscoredEventTypes { get; init; } = [];
}

public sealed record EngagementRule : ScoringRule
{
    /// <summary>Segment-style event name, matched case-insensitively.</summary>
    public required string EventType { get; init; }

    /// <summary>Group of the rule (web, email, content, intent, product, negative); PQL reads the product group.</summary>
    public string Category { get; init; } = "general";

    /// <summary>Every filter must match the event's properties.</summary>
    public IReadOnlyList<PropertyFilter> Where { get; init; } = [];

    /// <summary>Largest absolute number of points the rule can contribute in total (after decay).</summary>
    public decimal? Cap { get; init; }

    /// <summary>Only the first event per distinct value of this property counts (for example one open per emailId).</summary>
    public string? OncePer { get; init; }

    /// <summary>Only the first N matching events count.</summary>
    public int? MaxCount { get; init; }

    /// <summary>Half-life of this rule's points; the model default when absent.</summary>
    public double? HalfLifeDays { get; init; }

    /// <summary>False for points that must not fade (for example an unsubscribe).</summary>
    public bool Decays { get; init; } = true;
}

/// <summary>A condition on one event property; exactly one of Equals / Contains / StartsWith is set.</summary>
public sealed record PropertyFilter
{
    public required string Property { get; init; }

    [JsonPropertyName("equals")]
    public string? EqualTo { get; init; }

    public string? Contains { get; init; }

    public string? StartsWith { get; init; }

    public bool Matches(string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (EqualTo is not null)
        {
            return string.Equals(value, EqualTo, StringComparison.OrdinalIgnoreCase);
        }

        if (Contains is not null)
        {
            return value.Contains(Contains, StringComparison.OrdinalIgnoreCase);
        }

        return StartsWith is not null && value.StartsWith(StartsWith, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Stage thresholds.</summary>
public sealed record QualificationModel
{
    public required MqlThresholds Mql { get; init; }

    public required SqlThresholds Sql { get; init; }

    public PqlThresholds? Pql { get; init; }
}

/// <summary>MQL when fit and engagement both reach their minimum.</summary>
public sealed record MqlThresholds
{
    public required decimal MinFit { get; init; }

    public required decimal MinEngagement { get; init; }
}

/// <summary>
/// SQL when the lead is an MQL and did a high-intent event within the window, or when fit + engagement reaches
/// <see cref="MinTotal"/> with BANT complete (when <see cref="RequireBant"/>).
/// </summary>
public sealed record SqlThresholds
{
    public required IReadOnlyList<string> HighIntentEventTypes { get; init; }

    public required double HighIntentWithinDays { get; init; }

    public decimal? MinTotal { get; init; }

    public bool RequireBant { get; init; } = true;
}

/// <summary>PQL when the decayed points from rules of the given categories reach <see cref="MinPoints"/>.</summary>
public sealed record PqlThresholds
{
    public IReadOnlyList<string> Categories { get; init; } = ["product"];

    public required decimal MinPoints { get; init; }
}

/// <summary>A fit grade: the first band whose <see cref="MinFit"/> the fit score reaches; the last has none.</summary>
public sealed record GradeBand
{
    public required string Grade { get; init; }

    public decimal? MinFit { get; init; }
}
