using System.Globalization;
using System.Net;
using LeadFunctions.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email;

/// <summary>The checks of <see cref="SmtpOptions"/> that span settings (including <c>Handoff__SendLease</c>).</summary>
internal sealed class SmtpOptionsValidator(IOptions<HandoffOptions> handoffOptions, IConfiguration configuration)
    : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>(UnknownSettings.Of<SmtpOptions>(configuration.GetSection(SmtpOptions.SectionName)));
        errors.AddRange(CredentialErrors(options));
        if (options.EnableSsl && options.Port == 465)
        {
            errors.Add("Smtp__Port 465 is implicit TLS, which System.Net.Mail does not speak: "
                + "use port 587 (STARTTLS) with Smtp__EnableSsl=true.");
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
                $"Smtp__TimeoutSeconds ({options.TimeoutSeconds}) must be shorter than Handoff__SendLease ({lease}): ")
                + "a send still running when its lease expires can be claimed and sent again by the next run.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>User name and password come together, and never cross the network in clear text.</summary>
    private static IEnumerable<string> CredentialErrors(SmtpOptions options)
    {
        if (options.UserName.Length > 0 && options.Password.Length == 0)
        {
            yield return "Smtp__Password is required when Smtp__UserName is set.";
        }

        if (options.Password.Length > 0 && options.UserName.Length == 0)
        {
            yield return "Smtp__UserName is required when Smtp__Password is set.";
        }

        if (options.HasCredentials && !options.EnableSsl && !IsLoopback(options.Host))
        {
            yield return "Smtp__EnableSsl must be true when Smtp__UserName is set and Smtp__Host is not a loopback address: "
                + "the credentials would cross the network in clear text.";
        }
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
