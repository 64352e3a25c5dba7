using System.ComponentModel.DataAnnotations;
using LeadFunctions.Validation;

namespace LeadFunctions.Notifications;

/// <summary>
/// Settings of the sales hand-off (section <c>Handoff</c>): the outbox's retries, the SLA and its reminder, and the
/// link in the email (<c>Handoff__LinkSecret</c> signs it; comma-separated while rotating: the first one signs, any
/// one verifies).
/// </summary>
public sealed class HandoffOptions : IValidatableObject
{
    public const string SectionName = "Handoff";

    /// <summary>The shortest link secret accepted (each one, while rotating).</summary>
    public const int MinLinkSecretLength = 32;

    [Range(1, 100, ErrorMessage = "Handoff__MaxAttempts must be between 1 and 100.")]
    public int MaxAttempts { get; set; } = 8;

    [Range(1, 10_000, ErrorMessage = "Handoff__MaxPerRun must be between 1 and 10000.")]
    public int MaxPerRun { get; set; } = 200;

    /// <summary>How long a claimed hand-off is reserved for the worker sending it.</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Hours sales has to accept or reject a hand-off before the one reminder goes out.</summary>
    [Range(1, 8_760, ErrorMessage = "Handoff__SlaHours must be between 1 and 8760.")]
    public int SlaHours { get; set; } = 24;

    /// <summary>
    /// HMAC-SHA256 secret of the hand-off links (and of the page's forms). Several, comma-separated, while rotating:
    /// the first signs new links, every one verifies. Required; a Key Vault reference in Azure.
    /// </summary>
    [Required(ErrorMessage = "Handoff__LinkSecret is required: the HMAC-SHA256 secret that signs the hand-off links in sales emails.")]
    [ResolvedSecret(ErrorMessage = "Handoff__LinkSecret holds an unresolved Key Vault reference; "
        + "check the app's identity and the secret's name.")]
    public string LinkSecret { get; set; } = string.Empty;

    /// <summary>Days a hand-off link works, counted from the move into SQL.</summary>
    [Range(1, 365, ErrorMessage = "Handoff__LinkLifetimeDays must be between 1 and 365.")]
    public int LinkLifetimeDays { get; set; } = 30;

    public TimeSpan Sla => TimeSpan.FromHours(SlaHours);

    public TimeSpan LinkLifetime => TimeSpan.FromDays(LinkLifetimeDays);

    /// <summary>The link secrets, trimmed, empty entries left out; the first one signs.</summary>
    public IReadOnlyList<string> GetLinkSecrets() =>
        LinkSecret.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Checks each rotated secret's length. Never echoes a value.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var secrets = GetLinkSecrets();
        if (LinkSecret.Length > 0 && secrets.Count == 0)
        {
            yield return new ValidationResult("Handoff__LinkSecret holds no secret.", [nameof(LinkSecret)]);
        }

        if (secrets.Any(secret => secret.Length < MinLinkSecretLength))
        {
            yield return new ValidationResult(
                $"Every secret in Handoff__LinkSecret must be at least {MinLinkSecretLength} characters (e.g. openssl rand -hex 32).",
                [nameof(LinkSecret)]);
        }
    }
}
