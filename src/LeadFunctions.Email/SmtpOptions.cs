using System.ComponentModel.DataAnnotations;
using System.Net;
using LeadFunctions.Validation;

namespace LeadFunctions.Email;

/// <summary>
/// The SMTP relay (section <c>Smtp</c>, app settings <c>Smtp__Host</c>, <c>Smtp__Port</c> …): maildev locally;
/// Azure Communication Services, SendGrid or Microsoft 365 in Azure. Checked at start by the data annotations (the rules across
/// settings in <see cref="Validate"/>, the send lease in <see cref="SmtpLeaseCheck"/>); every message names the app
/// setting, never its value.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string SectionName = "Smtp";

    [Required(ErrorMessage = "Smtp__Host is required: the SMTP relay's host name (127.0.0.1 for maildev).")]
    public string Host { get; set; } = string.Empty;

    [Range(1, 65535, ErrorMessage = "Smtp__Port must be a TCP port (1-65535); 587 for STARTTLS.")]
    public int Port { get; set; } = 587;

    /// <summary>STARTTLS: System.Net.Mail upgrades the plain connection (port 587); implicit TLS (port 465) is not supported.</summary>
    public bool EnableSsl { get; set; } = true;

    /// <summary>Empty for a relay without authentication.</summary>
    public string UserName { get; set; } = string.Empty;

    /// <summary>A secret (a Key Vault reference in Azure): never logged, never part of an error message.</summary>
    [ResolvedSecret(ErrorMessage = "Smtp__Password holds an unresolved Key Vault reference; "
        + "check the app's identity and the secret's name.")]
    public string Password { get; set; } = string.Empty;

    [Required(ErrorMessage = "Smtp__FromAddress is required: the sender address the relay accepts.")]
    [Mailbox(ErrorMessage = "Smtp__FromAddress must be one email address, e.g. leads@example.com.")]
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>The sender's display name.</summary>
    [MaxLength(100, ErrorMessage = "Smtp__FromName must be at most 100 characters.")]
    public string FromName { get; set; } = "LeadFunctions";

    /// <summary>Bounds a whole send (connect, TLS, authentication, data); shorter than <c>Handoff__SendLease</c>.</summary>
    [Range(1, 120, ErrorMessage = "Smtp__TimeoutSeconds must be between 1 and 120.")]
    public int TimeoutSeconds { get; set; } = 30;

    internal bool HasCredentials => UserName.Length > 0 || Password.Length > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var error in CredentialErrors())
        {
            yield return new ValidationResult(error);
        }

        if (EnableSsl && Port == 465)
        {
            yield return new ValidationResult("Smtp__Port 465 is implicit TLS, which System.Net.Mail does not speak: "
                + "use port 587 (STARTTLS) with Smtp__EnableSsl=true.");
        }

        if (FromName.Any(char.IsControl))
        {
            yield return new ValidationResult("Smtp__FromName must be a single line.");
        }
    }

    /// <summary>User name and password come together, and never cross the network in clear text.</summary>
    private IEnumerable<string> CredentialErrors()
    {
        if (UserName.Length > 0 && Password.Length == 0)
        {
            yield return "Smtp__Password is required when Smtp__UserName is set.";
        }

        if (Password.Length > 0 && UserName.Length == 0)
        {
            yield return "Smtp__UserName is required when Smtp__Password is set.";
        }

        if (HasCredentials && !EnableSsl && !IsLoopback(Host))
        {
            yield return "Smtp__EnableSsl must be true when Smtp__UserName is set and Smtp__Host is not a loopback address: "
                + "the credentials would cross the network in clear text.";
        }
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
