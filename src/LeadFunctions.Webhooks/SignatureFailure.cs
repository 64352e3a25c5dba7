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
