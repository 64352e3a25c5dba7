namespace LeadFunctions.Webhooks;

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
