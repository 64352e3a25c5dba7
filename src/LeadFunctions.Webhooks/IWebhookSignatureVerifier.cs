namespace LeadFunctions.Webhooks;

/// <summary>Verifies one provider's signature over the exact raw body, before anything in the body is read.</summary>
public interface IWebhookSignatureVerifier
{
    /// <summary>
    /// Verifies the request. <paramref name="headers"/> returns a header's value by name, or null when absent; HTTP
    /// header names are case-insensitive, so the lookup must be too.
    /// </summary>
    SignatureVerification Verify(Func<string, string?> headers, ReadOnlySpan<byte> body);
}
