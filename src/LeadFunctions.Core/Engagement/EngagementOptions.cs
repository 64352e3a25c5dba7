using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LeadFunctions.Engagement;

/// <summary>
/// What counts as machine engagement (section <c>Engagement</c>): the rules <see cref="MachineEngagementClassifier"/>
/// applies at every scoring, so a change here reclassifies every lead's stored events at its next rescore.
/// User-agent families are flat app settings, one per family: <c>Engagement__UserAgentPatterns__proofpoint=proofpoint</c>
/// (a case-insensitive regular expression); a family set to an empty value is switched off.
/// </summary>
public sealed class EngagementOptions : IValidatableObject
{
    public const string SectionName = "Engagement";

    /// <summary>The most user-agent families.</summary>
    public const int MaxFamilies = 50;

    /// <summary>The longest family name: it is stored on the events as their user agent's family.</summary>
    public const int MaxFamilyLength = 32;

    /// <summary>The longest pattern of a family.</summary>
    public const int MaxPatternLength = 500;

    /// <summary>
    /// A click sooner than this after its email's delivery (SendGrid <c>delivered</c>, else <c>processed</c>) is a mail
    /// scanner's: people do not open and click within seconds.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Engagement__MinSecondsAfterDelivery must be between 0 (off) and 3600.")]
    public int MinSecondsAfterDelivery { get; set; } = 10;

    /// <summary>This many distinct links of one email clicked within <see cref="BurstSeconds"/>: all of them a scanner's.</summary>
    [Range(2, 100, ErrorMessage = "Engagement__BurstLinks must be between 2 and 100.")]
    public int BurstLinks { get; set; } = 3;

    /// <summary>The window of a burst of clicks, in seconds (from the first click of the burst to its last).</summary>
    [Range(0, 60, ErrorMessage = "Engagement__BurstSeconds must be between 0 and 60.")]
    public int BurstSeconds { get; set; } = 2;

    /// <summary>
    /// User-agent families of automated clients, each a case-insensitive regular expression (.NET, without look-arounds or
    /// back-references: it runs without backtracking) matched anywhere in the user agent. The family's name, not the user
    /// agent, is what an event keeps. Configured families add to these defaults or replace one of the same name; an empty
    /// pattern switches a family off.
    /// </summary>
    public IDictionary<string, string> UserAgentPatterns { get; } = DefaultPatterns();

    /// <summary>
    /// The defaults: the mail scanners that name themselves (Proofpoint URL Defense, Mimecast URL Protect, Barracuda Link
    /// Protection, Microsoft Defender Safe Links) and generic automation. Safe Links often fetches with an ordinary browser's
    /// user agent: the delivery and burst rules catch it then.
    /// </summary>
    public static Dictionary<string, string> DefaultPatterns() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["proofpoint"] = "proofpoint|urldefense",
        ["mimecast"] = "mimecast",
        ["barracuda"] = "barracuda|cudasvc",
        ["safelinks"] = "safelinks|microsoft defender",
        // "bot" anywhere but in "Cubot", a phone maker whose browsers name the phone (CUBOT P40, Cubot_X19); NonBacktracking
        // has no look-behind, so the letter before is spelled out.
        ["bot"] = "(^|[^u])bot|(^|[^c])ubot|crawler|spider",
        ["headlesschrome"] = "HeadlessChrome",
        ["python-requests"] = "python-requests",
        ["curl"] = "curl",
    };

    /// <summary>The families that are switched on, by name in ordinal order, each with its pattern.</summary>
    public IEnumerable<(string Family, string Pattern)> EnabledFamilies() =>
        UserAgentPatterns
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Value))
            .Select(pair => (pair.Key.ToLowerInvariant(), pair.Value))
            .OrderBy(pair => pair.Item1, StringComparer.Ordinal);

    /// <summary>A pattern as the classifier runs it: case-insensitive, culture-invariant, without backtracking.</summary>
    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UserAgentPatterns.Count > MaxFamilies)
        {
            yield return new ValidationResult(string.Create(
                CultureInfo.InvariantCulture,
                $"Engagement__UserAgentPatterns has {UserAgentPatterns.Count} families; at most {MaxFamilies} are allowed."));
        }

        foreach (var (family, pattern) in UserAgentPatterns)
        {
            if (FamilyError(family) is { } error)
            {
                yield return new ValidationResult($"Engagement__UserAgentPatterns__{family} {error}");
            }
            else if (PatternError(pattern) is { } problem)
            {
                yield return new ValidationResult($"Engagement__UserAgentPatterns__{family} {problem}");
            }
        }
    }

    private static string? FamilyError(string family)
    {
        if (family.Length is 0 or > MaxFamilyLength
            || !family.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            || family[0] == '-')
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"is not a family name: 1-{MaxFamilyLength} ASCII letters, digits or '-', starting with a letter or digit.");
        }

        return family.Equals(MachineEngagementClassifier.BrowserFamily, StringComparison.OrdinalIgnoreCase)
            ? $"is reserved: '{MachineEngagementClassifier.BrowserFamily}' names the user agents that match no family."
            : null;
    }

    private static string? PatternError(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return null; // switched off
        }

        if (pattern.Length > MaxPatternLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxPatternLength} characters.");
        }

        try
        {
            _ = Compile(pattern);
            return null;
        }
        catch (ArgumentException exception)
        {
            return "is not a regular expression: " + exception.Message;
        }
        catch (NotSupportedException exception)
        {
            return "uses what a pattern without backtracking cannot run (look-arounds, back-references): " + exception.Message;
        }
    }
}
