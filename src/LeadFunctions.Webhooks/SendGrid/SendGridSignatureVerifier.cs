using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Webhooks.SendGrid;

/// <summary>
/// SendGrid's Signed Event Webhook: ECDSA P-256 with SHA-256 over the timestamp header's text followed by the raw
/// body bytes; the signature (base64 of an ASN.1 DER sequence) is in <c>X-Twilio-Email-Event-Webhook-Signature</c>,
/// the timestamp (Unix seconds) in <c>X-Twilio-Email-Event-Webhook-Timestamp</c>. The key is the base64 DER
/// SubjectPublicKeyInfo that SendGrid shows.
/// </summary>
/// <remarks>
/// SendGrid retries a failed post for up to 24 hours and does not document whether a retry is signed again, so a
/// timestamp is refused only when it is older than <see cref="WebhookOptions.SendGridSignatureMaxAge"/> (48 hours by
/// default, at least 25) or further ahead than <see cref="WebhookOptions.SignatureTolerance"/>. Replays within that
/// window are stored once: events are idempotent on <c>sg_event_id</c>.
/// </remarks>
public sealed class SendGridSignatureVerifier(IOptions<WebhookOptions> options, TimeProvider timeProvider) : IWebhookSignatureVerifier
{
    public const string SignatureHeaderName = "X-Twilio-Email-Event-Webhook-Signature";

    public const string TimestampHeaderName = "X-Twilio-Email-Event-Webhook-Timestamp";

    /// <summary>A DER ECDSA P-256 signature is at most 72 bytes (96 base64 characters); allow some whitespace and padding.</summary>
    private const int MaxSignatureLength = 128;

    private const int MaxTimestampDigits = 19;

    /// <summary>The object identifier of the NIST P-256 curve (secp256r1, prime256v1).</summary>
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public SignatureVerification Verify(Func<string, string?> headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var settings = options.Value;
        return Verify(
            headers(SignatureHeaderName),
            headers(TimestampHeaderName),
            body,
            settings.SendGridPublicKey,
            timeProvider.GetUtcNow(),
            settings.SignatureTolerance,
            settings.SendGridSignatureMaxAge);
    }

    internal static SignatureVerification Verify(
        string? signatureHeader,
        string? timestampHeader,
        ReadOnlySpan<byte> body,
        string? publicKey,
        DateTimeOffset now,
        TimeSpan futureTolerance,
        TimeSpan maxAge)
    {
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            return SignatureVerification.Fail(
                SignatureFailure.NotConfigured,
                "The SendGrid webhook is not configured (Webhooks__SendGridPublicKey is empty).");
        }

        if (string.IsNullOrWhiteSpace(signatureHeader) || string.IsNullOrWhiteSpace(timestampHeader))
        {
            return SignatureVerification.Fail(
                SignatureFailure.Missing,
                $"The {SignatureHeaderName} or {TimestampHeaderName} header is missing.");
        }

        var timestamp = timestampHeader.AsSpan().Trim();
        if (!SignatureText.IsDigits(timestamp, MaxTimestampDigits))
        {
            return SignatureVerification.Fail(
                SignatureFailure.Malformed,
                $"The {TimestampHeaderName} header is malformed; expected Unix seconds.");
        }

        Span<byte> signature = stackalloc byte[MaxSignatureLength];
        var encoded = signatureHeader.AsSpan().Trim();
        if (encoded.Length > MaxSignatureLength
            || !Convert.TryFromBase64Chars(encoded, signature, out var signatureLength)
            || signatureLength == 0)
        {
            return SignatureVerification.Fail(
                SignatureFailure.Malformed,
                $"The {SignatureHeaderName} header is malformed; expected base64.");
        }

        using var key = TryImportPublicKey(publicKey);
        if (key is null)
        {
            return SignatureVerification.Fail(
                SignatureFailure.NotConfigured,
                "The configured SendGrid key (Webhooks__SendGridPublicKey) is not a base64 ECDSA P-256 public key.");
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        using (var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            Span<byte> timestampBytes = stackalloc byte[MaxTimestampDigits];
            sha256.AppendData(timestampBytes[..Encoding.ASCII.GetBytes(timestamp, timestampBytes)]);
            sha256.AppendData(body);
            sha256.GetHashAndReset(hash);
        }

        bool verified;
        try
        {
            verified = key.VerifyHash(hash, signature[..signatureLength], DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            verified = false; // not a DER sequence at all
        }

        if (!verified)
        {
            return SignatureVerification.Fail(
                SignatureFailure.Mismatch,
                $"The {SignatureHeaderName} does not match the timestamp and body.");
        }

        var nowSeconds = now.ToUnixTimeSeconds();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var signedAt)
            || signedAt - nowSeconds > (long)futureTolerance.TotalSeconds)
        {
            return SignatureVerification.Fail(
                SignatureFailure.Expired,
                $"The {TimestampHeaderName} is more than {(long)futureTolerance.TotalSeconds} seconds ahead of the server's time.");
        }

        if (nowSeconds - signedAt > (long)maxAge.TotalSeconds)
        {
            return SignatureVerification.Fail(
                SignatureFailure.Expired,
                $"The {TimestampHeaderName} is more than {maxAge.TotalHours:0} hours old.");
        }

        return SignatureVerification.Valid;
    }

    /// <summary>The key as an <see cref="ECDsa"/> when it is base64 DER SubjectPublicKeyInfo of a P-256 key; otherwise null.</summary>
    internal static ECDsa? TryImportPublicKey(string base64)
    {
        Span<byte> der = stackalloc byte[512];
        if (!Convert.TryFromBase64String(base64.Trim(), der, out var length) || length == 0)
        {
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der[..length], out var read);
            if (read == length && IsP256(key))
            {
                return key;
            }
        }
        catch (CryptographicException)
        {
            // not an EC public key
        }

        key.Dispose();
        return null;
    }

    private static bool IsP256(ECDsa key)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        return curve.IsNamed
            && (curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1");
    }
}
