namespace LeadFunctions.Webhooks;

/// <summary>Why a webhook signature was refused.</summary>
public enum SignatureFailure
{
    /// <summary>The signature verified.</summary>
    None = 0,

    /// <summary>The route has no secret or key configured (an operator's problem, not the caller's).</summary>
    NotConfigured,

    /// <summary>A signature header is absent or empty.</summary>
    Missing,

    /// <summary>A signature header cannot be read (wrong shape, not hex or base64, no timestamp).</summary>
    Malformed,

    /// <summary>The signature is well formed but does not match the body under any configured secret or key.</summary>
    Mismatch,

    /// <summary>The signature matches, but its timestamp is outside the accepted window (too old or too far ahead).</summary>
    Expired,
}

/// <summary>
/// The outcome of verifying a webhook signature. <see cref="Reason"/> is safe to return to the caller: it never holds
/// a secret, a key, or the expected signature. A class, not a struct, so that no default value can pass for valid.
/// </summary>
public sealed record SignatureVerification
{
    private SignatureVerification(SignatureFailure failure, string? reason)
    {
        Failure = failure;
        Reason = reason;
    }

    public static SignatureVerification Valid { get; } = new(SignatureFailure.None, null);

    public SignatureFailure Failure { get; }

    /// <summary>Null when valid; otherwise one sentence for the caller (no secret, no expected value).</summary>
    public string? Reason { get; }

    public bool IsValid => Failure == SignatureFailure.None;

    internal static SignatureVerification Fail(SignatureFailure failure, string reason) => new(failure, reason);
}
