using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using LeadFunctions.Validation;

namespace LeadFunctions.Webhooks;

/// <summary>
/// Webhook secrets and signature windows, section <c>Webhooks</c>: app settings <c>Webhooks__EventsSecret</c>,
/// <c>Webhooks__SegmentSharedSecret</c>, <c>Webhooks__SendGridPublicKey</c>, <c>Webhooks__SignatureToleranceSeconds</c>
/// and <c>Webhooks__SendGridSignatureMaxAgeHours</c>. In Azure the secrets are Key Vault references.
/// </summary>
public sealed class WebhookOptions : IValidatableObject
{
    public const string SectionName = "Webhooks";

    /// <summary>The shortest events secret accepted (each one, while rotating).</summary>
    public const int MinEventsSecretLength = 16;

    /// <summary>
    /// HMAC-SHA256 secret of <c>POST /api/events</c>. While rotating, several secrets separated by commas: a request
    /// signed with any one of them verifies. Required.
    /// </summary>
    [Required(ErrorMessage = "Webhooks__EventsSecret is required: the HMAC-SHA256 secret of POST /api/events.")]
    [ResolvedSecret(ErrorMessage =
        "Webhooks__EventsSecret holds an unresolved Key Vault reference; check the app's identity and the secret's name.")]
    public string EventsSecret { get; set; } = string.Empty;

    /// <summary>
    /// Segment's shared secret (hex HMAC-SHA1 of the raw body in <c>X-Signature</c>). Empty turns the Segment route
    /// off: every request fails verification as not configured.
    /// </summary>
    [ResolvedSecret(ErrorMessage =
        "Webhooks__SegmentSharedSecret holds an unresolved Key Vault reference; check the app's identity and the secret's name.")]
    public string SegmentSharedSecret { get; set; } = string.Empty;

    /// <summary>
    /// SendGrid's Event Webhook verification key, as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo of an
    /// ECDSA P-256 key. Not a secret. Empty turns the SendGrid route off.
    /// </summary>
    [ResolvedSecret(ErrorMessage =
        "Webhooks__SendGridPublicKey holds an unresolved Key Vault reference; check the app's identity and the secret's name.")]
    public string SendGridPublicKey { get; set; } = string.Empty;

    /// <summary>
    /// How far a signature timestamp may be from the server's clock, in seconds: both directions for the canonical
    /// API, and how far in the future for SendGrid. Default 300 (five minutes).
    /// </summary>
    [Range(30, 3_600, ErrorMessage = "Webhooks__SignatureToleranceSeconds must be between 30 and 3600.")]
    public int SignatureToleranceSeconds { get; set; } = 300;

    /// <summary>
    /// The oldest SendGrid signature timestamp accepted, in hours. SendGrid retries a failed post for up to 24 hours
    /// and no documentation says a retry is signed again with a new timestamp, so this must stay above 24. Default 48.
    /// </summary>
    [Range(25, 720, ErrorMessage = "Webhooks__SendGridSignatureMaxAgeHours must be between 25 and 720 (SendGrid retries for 24 hours).")]
    public int SendGridSignatureMaxAgeHours { get; set; } = 48;

    public TimeSpan SignatureTolerance => TimeSpan.FromSeconds(SignatureToleranceSeconds);

    public TimeSpan SendGridSignatureMaxAge => TimeSpan.FromHours(SendGridSignatureMaxAgeHours);

    /// <summary>The events secrets, trimmed, empty entries left out (one while not rotating).</summary>
    public IReadOnlyList<string> GetEventsSecrets() =>
        EventsSecret.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Checks what attributes cannot: each rotated secret's length and the shape of the SendGrid key. Never echoes a value.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var secrets = GetEventsSecrets();
        if (EventsSecret.Length > 0 && secrets.Count == 0)
        {
            yield return new ValidationResult("Webhooks__EventsSecret holds no secret.", [nameof(EventsSecret)]);
        }

        foreach (var secret in secrets)
        {
            if (secret.Length < MinEventsSecretLength)
            {
                yield return new ValidationResult(
                    $"Every secret in Webhooks__EventsSecret must be at least {MinEventsSecretLength} characters.",
                    [nameof(EventsSecret)]);
                break;
            }
        }

        if (!string.IsNullOrWhiteSpace(SendGridPublicKey) && !IsEcdsaP256PublicKey(SendGridPublicKey))
        {
            yield return new ValidationResult(
                "Webhooks__SendGridPublicKey is not a base64 ECDSA P-256 public key (copy the verification key SendGrid shows).",
                [nameof(SendGridPublicKey)]);
        }
    }

    internal static bool IsEcdsaP256PublicKey(string base64)
    {
        using var key = SendGrid.SendGridSignatureVerifier.TryImportPublicKey(base64);
        return key is not null;
    }
}
