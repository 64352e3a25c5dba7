using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Webhooks.Segment;

/// <summary>
/// Segment's Webhooks destination: <c>X-Signature</c> = hex HMAC-SHA1(shared secret, raw body). The scheme carries
/// no timestamp, so a captured request can be replayed; replays are harmless because every message is stored
/// idempotently on its <c>messageId</c>.
/// </summary>
public sealed class SegmentSignatureVerifier(IOptions<WebhookOptions> options) : IWebhookSignatureVerifier
{
    public const string HeaderName = "X-Signature";

    private const int MacLength = 20;

    public SignatureVerification Verify(Func<string, string?> headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(headers(HeaderName), body, options.Value.SegmentSharedSecret);
    }

    /// <summary>The header value Segment would send for this body.</summary>
    public static string CreateHeader(string sharedSecret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(sharedSecret);
        Span<byte> mac = stackalloc byte[MacLength];
        ComputeMac(sharedSecret, body, mac);
        return Convert.ToHexStringLower(mac);
    }

    internal static SignatureVerification Verify(string? header, ReadOnlySpan<byte> body, string? sharedSecret)
    {
        if (string.IsNullOrEmpty(sharedSecret))
        {
            return SignatureVerification.Fail(
                SignatureFailure.NotConfigured,
                "The Segment webhook is not configured (Webhooks__SegmentSharedSecret is empty).");
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureVerification.Fail(SignatureFailure.Missing, $"The {HeaderName} header is missing.");
        }

        Span<byte> supplied = stackalloc byte[MacLength];
        if (!SignatureText.TryDecodeHex(header.AsSpan().Trim(), supplied))
        {
            return SignatureVerification.Fail(
                SignatureFailure.Malformed,
                $"The {HeaderName} header is malformed; expected 40 hex characters.");
        }

        Span<byte> expected = stackalloc byte[MacLength];
        ComputeMac(sharedSecret, body, expected);
        var matched = CryptographicOperations.FixedTimeEquals(expected, supplied);
        CryptographicOperations.ZeroMemory(expected);
        return matched
            ? SignatureVerification.Valid
            : SignatureVerification.Fail(SignatureFailure.Mismatch, $"The {HeaderName} does not match the body.");
    }

    private static void ComputeMac(string sharedSecret, ReadOnlySpan<byte> body, Span<byte> destination)
    {
#pragma warning disable CA5350 // HMAC-SHA1 is Segment's scheme, not ours to choose; HMAC-SHA1 is not broken as a MAC.
        HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), body, destination);
#pragma warning restore CA5350
    }
}
