using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LeadFunctions.Settings;

namespace LeadFunctions.Email;

/// <summary>
/// Who gets which SQL and what the email links to (section <c>Notifications</c>). Routes are flat app settings,
/// because Azure app settings hold no JSON arrays: <c>Notifications__Routes__0__Countries=DE,AT,CH</c>,
/// <c>Notifications__Routes__0__Recipient=dach-sales@example.com</c>. Checked at start by the data annotations (the base URL's shape and
/// every route in <see cref="Validate"/>: attributes do not look into the items of a list) and the shared unknown-key
/// check.
/// </summary>
[ReplacedSetting(
    "LeadLinkBaseUrl",
    ReplacedLinkSetting + " was replaced by Notifications__PublicBaseUrl, the app's public base URL "
        + "(e.g. https://<app>.azurewebsites.net/api/): the email now links to the hand-off page, which needs no "
        + "function key. Rename the setting and drop 'leads/' from its end.")]
public sealed class NotificationOptions : IValidatableObject
{
    public const string SectionName = "Notifications";

    /// <summary>The setting <c>Notifications__PublicBaseUrl</c> replaced (it linked to the keyed lead API).</summary>
    public const string ReplacedLinkSetting = "Notifications__LeadLinkBaseUrl";

    /// <summary>The inbox for SQLs that no route claims.</summary>
    [Required(ErrorMessage = "Notifications__DefaultRecipient is required: the inbox for SQLs that no route claims.")]
    [Mailbox(ErrorMessage = "Notifications__DefaultRecipient must be one email address, e.g. sales@example.com.")]
    public string DefaultRecipient { get; set; } = string.Empty;

    /// <summary>
    /// The app's public base URL, where its routes start (e.g. https://&lt;app&gt;.azurewebsites.net/api/): the email links to
    /// the hand-off page at this base followed by <c>handoffs/{token}</c>.
    /// </summary>
    [Required(ErrorMessage = "Notifications__PublicBaseUrl is required: the app's public base URL, "
        + "e.g. https://<app>.azurewebsites.net/api/.")]
    public string PublicBaseUrl { get; set; } = string.Empty;

    /// <summary>Optional: an inbox (a sales manager's) copied on every SLA reminder.</summary>
    [Mailbox(ErrorMessage = "Notifications__EscalationRecipient must be one email address, e.g. sales-manager@example.com, or empty.")]
    public string EscalationRecipient { get; set; } = string.Empty;

    /// <summary>Tried in order; the first route that matches the lead wins.</summary>
    public IList<SalesRoute> Routes { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsPublicBaseUrl(PublicBaseUrl))
        {
            yield return new ValidationResult("Notifications__PublicBaseUrl must be an absolute http or https URL without query or "
                + "fragment, e.g. https://<app>.azurewebsites.net/api/.");
        }

        for (var index = 0; index < Routes.Count; index++)
        {
            foreach (var error in RouteErrors(Routes[index], index, isLast: index == Routes.Count - 1))
            {
                yield return new ValidationResult(error);
            }
        }
    }

    /// <summary>Empty (links are then left out), or an absolute http(s) URL the page links can be appended to.</summary>
    private static bool IsPublicBaseUrl(string value) =>
        value.Length == 0
        || (Uri.TryCreate(value, UriKind.Absolute, out var link)
            && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp)
            && link.Query.Length == 0
            && link.Fragment.Length == 0);

    private static IEnumerable<string> RouteErrors(SalesRoute route, int index, bool isLast)
    {
        var setting = string.Create(CultureInfo.InvariantCulture, $"Notifications__Routes__{index}__");
        if (string.IsNullOrWhiteSpace(route.Recipient))
        {
            yield return setting + "Recipient is required.";
        }
        else if (!MailboxAttribute.IsMailbox(route.Recipient))
        {
            yield return setting + "Recipient must be one email address, e.g. dach-sales@example.com.";
        }

        if (route.Countries is not null && route.Countries.Length > 0 && !route.CountryList.Any())
        {
            yield return setting + "Countries must list country codes or names separated by commas, e.g. DE,AT,CH.";
        }

        if (route.MinCompanySize < 0 || route.MaxCompanySize < 0)
        {
            yield return setting + "MinCompanySize and MaxCompanySize must not be negative.";
        }

        if (route.MinCompanySize > route.MaxCompanySize)
        {
            yield return setting + "MinCompanySize must not be larger than MaxCompanySize.";
        }

        if (!route.HasConditions && !isLast)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"Notifications__Routes__{index} has no condition ")
                + "(Countries, MinCompanySize, MaxCompanySize), so it matches every lead and the routes after it are never used.";
        }
    }
}
