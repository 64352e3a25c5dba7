using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Reflection;
using LeadFunctions.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email;

/// <summary>A single bare email address (no display name, no list), as System.Net.Mail will accept it; empty passes (use Required).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MailboxAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string text || text.Length == 0 || IsMailbox(text);

    public static bool IsMailbox(string value) =>
        value.Length <= 254
        && !value.Any(character => char.IsWhiteSpace(character) || char.IsControl(character))
        && MailAddress.TryCreate(value, out var address)
        && address.DisplayName.Length == 0
        && string.Equals(address.Address, value, StringComparison.Ordinal);
}

/// <summary>
/// Finds settings that no option binds: the configuration binder ignores them, so a misspelled key
/// (<c>Notifications__Routes__0__Country</c>) would silently drop what it was meant to set.
/// </summary>
internal static class UnknownSettings
{
    public static IEnumerable<string> Of<T>(IConfigurationSection section)
    {
        var known = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(property => property.Name).ToArray();
        return section.GetChildren()
            .Where(child => !known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .Select(child => $"{AppSetting(child.Path)} is not a setting (misspelled?); known: {string.Join(", ", known)}.");
    }

    /// <summary>A configuration path as an app-setting name: <c>Notifications:Routes:0</c> is <c>Notifications__Routes__0</c>.</summary>
    public static string AppSetting(string path) => path.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
}

/// <summary>The checks of <see cref="SmtpOptions"/> that span settings (including <c>Handoff__SendLease</c>).</summary>
internal sealed class SmtpOptionsValidator(IOptions<HandoffOptions> handoffOptions, IConfiguration configuration) : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(UnknownSettings.Of<SmtpOptions>(configuration.GetSection(SmtpOptions.SectionName)));
        if (options.UserName.Length > 0 && options.Password.Length == 0)
        {
            errors.Add("Smtp__Password is required when Smtp__UserName is set.");
        }

        if (options.Password.Length > 0 && options.UserName.Length == 0)
        {
            errors.Add("Smtp__UserName is required when Smtp__Password is set.");
        }

        if (options.HasCredentials && !options.EnableSsl && !IsLoopback(options.Host))
        {
            errors.Add("Smtp__EnableSsl must be true when Smtp__UserName is set and Smtp__Host is not a loopback address: the credentials would cross the network in clear text.");
        }

        if (options.EnableSsl && options.Port == 465)
        {
            errors.Add("Smtp__Port 465 is implicit TLS, which System.Net.Mail does not speak: use port 587 (STARTTLS) with Smtp__EnableSsl=true.");
        }

        if (options.FromName.Any(char.IsControl))
        {
            errors.Add("Smtp__FromName must be a single line.");
        }

        var lease = handoffOptions.Value.SendLease;
        if (TimeSpan.FromSeconds(options.TimeoutSeconds) >= lease)
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"Smtp__TimeoutSeconds ({options.TimeoutSeconds}) must be shorter than Handoff__SendLease ({lease}): a send still running when its lease expires can be claimed and sent again by the next run."));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}

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
        var errors = new List<string>(UnknownSettings.Of<NotificationOptions>(section).Where(error => !error.StartsWith(ReplacedLinkSetting + " ", StringComparison.Ordinal)));
        if (section[ReplacedLinkSetting["Notifications__".Length..]] is not null)
        {
            errors.Add($"{ReplacedLinkSetting} was replaced by Notifications__PublicBaseUrl, the app's public base URL (e.g. https://<app>.azurewebsites.net/api/): the email now links to the hand-off page, which needs no function key. Rename the setting and drop 'leads/' from its end.");
        }

        foreach (var route in section.GetSection(nameof(NotificationOptions.Routes)).GetChildren())
        {
            errors.AddRange(UnknownSettings.Of<SalesRoute>(route));
        }

        if (options.PublicBaseUrl.Length > 0
            && !(Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var link) && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp) && link.Query.Length == 0 && link.Fragment.Length == 0))
        {
            errors.Add("Notifications__PublicBaseUrl must be an absolute http or https URL without query or fragment, e.g. https://<app>.azurewebsites.net/api/.");
        }

        for (var index = 0; index < options.Routes.Count; index++)
        {
            var route = options.Routes[index];
            var setting = string.Create(CultureInfo.InvariantCulture, $"Notifications__Routes__{index}__");
            if (string.IsNullOrWhiteSpace(route.Recipient))
            {
                errors.Add(setting + "Recipient is required.");
            }
            else if (!MailboxAttribute.IsMailbox(route.Recipient))
            {
                errors.Add(setting + "Recipient must be one email address, e.g. dach-sales@example.com.");
            }

            if (route.Countries is not null && route.Countries.Length > 0 && !route.CountryList.Any())
            {
                errors.Add(setting + "Countries must list country codes or names separated by commas, e.g. DE,AT,CH.");
            }

            if (route.MinCompanySize < 0 || route.MaxCompanySize < 0)
            {
                errors.Add(setting + "MinCompanySize and MaxCompanySize must not be negative.");
            }

            if (route.MinCompanySize > route.MaxCompanySize)
            {
                errors.Add(setting + "MinCompanySize must not be larger than MaxCompanySize.");
            }

            if (!route.HasConditions && index < options.Routes.Count - 1)
            {
                errors.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Notifications__Routes__{index} has no condition (Countries, MinCompanySize, MaxCompanySize), so it matches every lead and the routes after it are never used."));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
