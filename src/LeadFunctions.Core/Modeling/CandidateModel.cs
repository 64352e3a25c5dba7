using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// The live model's document with new points for its rules (and engagement caps moved with them): every other field,
/// the thresholds, grades and limits included, as it was. Its version says where it came from.
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
        ArgumentNullException.ThrowIfNull(points);
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
        };
        var rules = document.Engagement.Rules
            .Select(rule => Repoint(rule) with { Cap = PointsScale.Cap(rule.Cap, rule.Points, Repoint(rule).Points) });
        var version = document.Version.Length + VersionSuffix.Length > MaxVersionLength
            ? document.Version[..(MaxVersionLength - VersionSuffix.Length)]
            : document.Version;
        return document with
        {
            Version = version + VersionSuffix,
            Fit = fit,
            Engagement = document.Engagement with { Rules = [.. rules] },
        };
    }
}
