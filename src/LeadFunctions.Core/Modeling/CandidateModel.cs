using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// The live model's document with new points for its rules (and engagement caps moved with them), the rules found in the
/// data added, and the fitted thresholds: every other field, the grades and limits included, as it was. Its version says
/// where it came from.
/// </summary>
public static class CandidateModel
{
    /// <summary>Appended to the live model's version.</summary>
    public const string VersionSuffix = "-suggested";

    private const int MaxVersionLength = 100;

    /// <summary>The live model's document with <paramref name="points"/> (by rule id) in place of the rules' points.</summary>
    public static ScoringModelDocument Create(ScoringModel live, IReadOnlyDictionary<string, decimal> points)
    {
        ArgumentNullException.ThrowIfNull(live);
        return Create(live, points, [], live.Qualification);
    }

    /// <summary>
    /// The live model's document with <paramref name="points"/>, the <paramref name="discovered"/> rules (with their
    /// points) and <paramref name="qualification"/>. A discovered field rule is appended to <c>fit.fields</c>; a
    /// discovered engagement rule goes right before the first live rule of its event type (an event counts for the first
    /// rule that matches, so after a rule without filters it would never count), or last for a type no rule scores.
    /// </summary>
    public static ScoringModelDocument Create(
        ScoringModel live,
        IReadOnlyDictionary<string, decimal> points,
        IReadOnlyList<ScoringRule> discovered,
        QualificationModel qualification)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(discovered);
        ArgumentNullException.ThrowIfNull(qualification);
        var document = live.ToDocument();
        T Repoint<T>(T rule)
            where T : ScoringRule => rule with { Points = points.GetValueOrDefault(rule.Id, rule.Points) };
        var fit = document.Fit with
        {
            JobTitle = [.. document.Fit.JobTitle.Select(Repoint)],
            CompanySize = [.. document.Fit.CompanySize.Select(Repoint)],
            Industry = [.. document.Fit.Industry.Select(Repoint)],
            Country = [.. document.Fit.Country.Select(Repoint)],
            Budget = [.. document.Fit.Budget.Select(Repoint)],
            Timeline = [.. document.Fit.Timeline.Select(Repoint)],
            Need = document.Fit.Need is { } need ? Repoint(need) : null,
            EmailDomain = [.. document.Fit.EmailDomain.Select(Repoint)],
            Fields = [.. document.Fit.Fields.Select(Repoint), .. discovered.OfType<FieldRule>()],
        };
        var rules = document.Engagement.Rules
            .Select(rule => Repoint(rule) with { Cap = PointsScale.Cap(rule.Cap, rule.Points, Repoint(rule).Points) })
            .ToList();
        foreach (var rule in discovered.OfType<EngagementRule>())
        {
            var first = rules.FindIndex(existing => string.Equals(existing.EventType, rule.EventType, StringComparison.OrdinalIgnoreCase)
                && existing.Category != RuleDiscovery.Category);
            rules.Insert(first < 0 ? rules.Count : first, rule);
        }

        var version = document.Version.Length + VersionSuffix.Length > MaxVersionLength
            ? document.Version[..(MaxVersionLength - VersionSuffix.Length)]
            : document.Version;
        return document with
        {
            Version = version + VersionSuffix,
            Fit = fit,
            Engagement = document.Engagement with { Rules = [.. rules] },
            Qualification = qualification,
        };
    }
}
