namespace LeadFunctions.Scoring;

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

    /// <summary>Rules on any captured field (<see cref="CapturedFields"/>); every matching rule counts.</summary>
    public IReadOnlyList<FieldRule> Fields { get; init; } = [];

    /// <summary>Disposable email domains: rejected at capture, never scored.</summary>
    public IReadOnlyList<string> DisposableDomains { get; init; } = [];
}
