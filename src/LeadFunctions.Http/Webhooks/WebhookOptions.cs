namespace LeadFunctions.Http.Webhooks;

/// <summary>Webhook secrets (section <c>Webhooks</c>); in Azure they are Key Vault references.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>
    /// HMAC-SHA256 secret(s) of <c>POST /api/events</c>; several comma-separated while rotating (any one verifies).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Required]
    [System.ComponentModel.DataAnnotations.MinLength(16)]
    [Validation.ResolvedSecret]
    public string EventsSecret { get; set; } = string.Empty;

    /// <summary>Segment's shared secret (HMAC-SHA1 of the body in <c>X-Signature</c>); empty disables the route (401).</summary>
    [Validation.ResolvedSecret]
    public string SegmentSharedSecret { get; set; } = string.Empty;

    /// <summary>SendGrid's Event Webhook verification key (base64 SubjectPublicKeyInfo, ECDSA P-256); empty disables the route (401).</summary>
    [Validation.ResolvedSecret]
    public string SendGridPublicKey { get; set; } = string.Empty;

    /// <summary>How old (or far in the future) a signature timestamp may be.</summary>
    [System.ComponentModel.DataAnnotations.Range(30, 3600)]
    public int SignatureToleranceSeconds { get; set; } = 300;

    public IReadOnlyList<string> EventsSecrets =>
        EventsSecret.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
