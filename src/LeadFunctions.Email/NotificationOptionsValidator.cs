using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email;

/// <summary>
/// The checks of <see cref="NotificationOptions"/> that data annotations cannot make: the public base URL's shape and every
/// route (data annotations do not look into the items of a list), and settings that nothing binds.
/// </summary>
internal sealed class NotificationOptionsValidator(IConfiguration configuration) : IValidateOptions<NotificationOptions>
{
    /// <summary>The setting <c>Notifications__PublicBaseUrl</c> replaced (it linked to the keyed lead API).</summary>
    public const string ReplacedLinkSetting = "Notifications__LeadLinkBaseUrl";

    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(NotificationOptions.SectionName);
        var errors = new List<string>(UnknownSettingsIn(section));
        if (!IsPublicBaseUrl(options.PublicBaseUrl))
        {
            errors.Add("Notifications__PublicBaseUrl must be an absolute http or https URL without query or fragment, "
                + "e.g. https://<app>.azurewebsites.net/api/.");
        }

        for (var index = 0; index < options.Routes.Count; index++)
        {
            errors.AddRange(RouteErrors(options.Routes[index], index, isLast: index == options.Routes.Count - 1));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Misspelled keys of the section and of each route, and the replaced link setting by its new name.</summary>
    private static IEnumerable<string> UnknownSettingsIn(IConfigurationSection section)
    {
        foreach (var error in UnknownSettings.Of<NotificationOptions>(section))
        {
            if (!error.StartsWith(ReplacedLinkSetting + " ", StringComparison.Ordinal))
            {
                yield return error;
            }
        }

        if (section[ReplacedLinkSetting["Notifications__".Length..]] is not null)
        {
            yield return $"{ReplacedLinkSetting} was replaced by Notifications__PublicBaseUrl, the app's public base URL "
                + "(e.g. https://<app>.azurewebsites.net/api/): the email now links to the hand-off page, which needs no "
                + "function key. Rename the setting and drop 'leads/' from its end.";
        }

        foreach (var route in section.GetSection(nameof(NotificationOptions.Routes)).GetChildren())
        {
            foreach (var error in UnknownSettings.Of<SalesRoute>(route))
            {
                yield return error;
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
