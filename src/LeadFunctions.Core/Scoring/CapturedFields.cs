using System.Collections.Frozen;
using LeadFunctions.Leads;

namespace LeadFunctions.Scoring;

/// <summary>
/// The fields the app captures that a field rule (<see cref="FieldRule"/>) can read, and how each is read from a lead:
/// the attribution of its first form (<c>utm_source</c>, <c>utm_medium</c>, <c>utm_campaign</c>, <c>formId</c>), its
/// profile (<c>industry</c>, <c>country</c>), and three derived fields: <c>jobTitleWord</c> (any word of the job title),
/// <c>companySizeBand</c> (<see cref="CompanySizeBands"/>) and <c>emailDomainKind</c> (<c>free-mail</c> or
/// <c>company</c>). Values compare ignoring case.
/// </summary>
public static class CapturedFields
{
    public const string UtmSource = "utm_source";
    public const string UtmMedium = "utm_medium";
    public const string UtmCampaign = "utm_campaign";
    public const string FormId = "formId";
    public const string Industry = "industry";
    public const string Country = "country";
    public const string JobTitleWord = "jobTitleWord";
    public const string CompanySizeBand = "companySizeBand";
    public const string EmailDomainKind = "emailDomainKind";

    /// <summary>The <c>emailDomainKind</c> of an address at a free-mail provider.</summary>
    public const string FreeMail = "free-mail";

    /// <summary>The <c>emailDomainKind</c> of any other address.</summary>
    public const string CompanyMail = "company";

    /// <summary>The longest value a field rule or a discovered rule reads (longer values are never matched).</summary>
    public const int MaxValueLength = 100;

    /// <summary>Every field a <see cref="FieldRule"/> may name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [UtmSource, UtmMedium, UtmCampaign, FormId, Industry, Country, JobTitleWord, CompanySizeBand, EmailDomainKind];

    /// <summary>The <c>companySizeBand</c> labels, by number of employees: 1-10, 11-50, 51-200, 201-1000, 1001+.</summary>
    public static IReadOnlyList<string> CompanySizeBands { get; } = ["1-10", "11-50", "51-200", "201-1000", "1001+"];

    /// <summary>
    /// Free-mail providers every model knows; a model adds the domains of its email-domain rules whose id contains
    /// <c>free-mail</c> (the default model's <c>email-free-mail</c>).
    /// </summary>
    public static IReadOnlyList<string> BuiltInFreeMailDomains { get; } =
    [
        "gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com", "live.com", "aol.com", "icloud.com",
        "me.com", "gmx.de", "gmx.net", "web.de", "proton.me", "protonmail.com", "mail.com", "yandex.ru",
    ];

    /// <summary>Words of a job title that say nothing on their own.</summary>
    private static readonly FrozenSet<string> StopWords =
        new[] { "of", "and", "the", "for", "to", "in", "at", "a", "an", "&" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> KnownNames = Names.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for a field name a field rule may use (exact spelling).</summary>
    public static bool IsKnown(string? name) => name is not null && KnownNames.Contains(name);

    /// <summary>The band of a number of employees; null without one.</summary>
    public static string? SizeBand(int? employees) => employees switch
    {
        null or < 1 => null,
        <= 10 => CompanySizeBands[0],
        <= 50 => CompanySizeBands[1],
        <= 200 => CompanySizeBands[2],
        <= 1000 => CompanySizeBands[3],
        _ => CompanySizeBands[4],
    };

    /// <summary>The words of a job title (letters and digits), without stop words, each once, in order.</summary>
    public static IReadOnlyList<string> TitleWords(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return [];
        }

        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= title.Length; i++)
        {
            var inWord = i < title.Length && char.IsLetterOrDigit(title[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = title[start..i];
                if (!StopWords.Contains(word) && !words.Contains(word, StringComparer.OrdinalIgnoreCase))
                {
                    words.Add(word);
                }

                start = -1;
            }
        }

        return words;
    }

    /// <summary>Every value of every captured field of a lead (a field without a value is left out).</summary>
    public static IReadOnlyList<CapturedValue> Read(LeadProfile profile, LeadAttribution attribution, ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(attribution);
        ArgumentNullException.ThrowIfNull(model);
        var values = new List<CapturedValue>();
        foreach (var field in Names)
        {
            foreach (var value in Values(field, profile, attribution, model))
            {
                values.Add(new CapturedValue(field, value));
            }
        }

        return values;
    }

    /// <summary>The values of one field of a lead: none, one, or (job title words) several; each trimmed and bounded.</summary>
    public static IEnumerable<string> Values(string field, LeadProfile profile, LeadAttribution attribution, ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(attribution);
        ArgumentNullException.ThrowIfNull(model);
        if (field == JobTitleWord)
        {
            return TitleWords(profile.JobTitle).Where(word => word.Length <= MaxValueLength);
        }

        var value = field switch
        {
            UtmSource => attribution.UtmSource,
            UtmMedium => attribution.UtmMedium,
            UtmCampaign => attribution.UtmCampaign,
            FormId => attribution.FormId,
            Industry => profile.Industry,
            Country => profile.Country,
            CompanySizeBand => SizeBand(profile.CompanySize),
            EmailDomainKind => profile.EmailDomain.Length == 0 ? null
                : model.IsFreeMailDomain(profile.EmailDomain) ? FreeMail : CompanyMail,
            _ => null,
        };
        var trimmed = value?.Trim();
        return trimmed is { Length: > 0 and <= MaxValueLength } ? [trimmed] : [];
    }
}
