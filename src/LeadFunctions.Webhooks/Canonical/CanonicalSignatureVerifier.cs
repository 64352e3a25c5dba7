using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Webhooks.Canonical;

/// <summary>
/// <c>X-Lead-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c>. Several
/// <c>v1</c> values and several configured secrets verify if any pair matches (rotation); the timestamp must be
/// within the tolerance of now, either way. Other <c>key=value</c> parts are ignored, for schemes to come.
/// </summary>
public sealed class CanonicalSignatureVerifier(IOptions<WebhookOptions> options, TimeProvider timeProvider) : IWebhookSignatureVerifier
{
    public const string HeaderName = "X-Lead-Signature";

    private const int MaxHeaderLength = 2_048;
    private const int MaxCandidates = 8;
    private const int MacLength = 32;
    private const int MaxTimestampDigits = 19;

    public SignatureVerification Verify(Func<string, string?> headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var settings = options.Value;
        return Verify(headers(HeaderName), body, settings.GetEventsSecrets(), timeProvider.GetUtcNow(), settings.SignatureTolerance);
    }

    /// <summary>The header value a sender puts on a request: <c>t=&lt;timestamp&gt;,v1=&lt;hex&gt;</c>.</summary>
    public static string CreateHeader(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Span<byte> mac = stackalloc byte[MacLength];
        ComputeMac(secret, Encoding.ASCII.GetBytes(t + "."), body, mac);
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    internal static SignatureVerification Verify(
        string? header,
        ReadOnlySpan<byte> body,
        IReadOnlyList<string> secrets,
        DateTimeOffset now,
        TimeSpan tolerance)
    {
        if (secrets.Count == 0)
        {
            return SignatureVerification.Fail(
                SignatureFailure.NotConfigured,
                "The events API has no signing secret configured (Webhooks__EventsSecret).");
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return SignatureVerification.Fail(SignatureFailure.Missing, $"The {HeaderName} header is missing.");
        }

        Span<byte> candidates = stackalloc byte[MaxCandidates * MacLength];
        if (!TryReadHeader(header, candidates, out var timestamp, out var count))
        {
            return SignatureVerification.Fail(
                SignatureFailure.Malformed,
                $"The {HeaderName} header is malformed; expected t=<unix seconds>,v1=<64 hex characters>.");
        }

        Span<byte> prefix = stackalloc byte[MaxTimestampDigits + 1];
        var prefixLength = Encoding.ASCII.GetBytes(timestamp, prefix);
        prefix[prefixLength++] = (byte)'.';

        Span<byte> expected = stackalloc byte[MacLength];
        var matched = false;
        foreach (var secret in secrets)
        {
            ComputeMac(secret, prefix[..prefixLength], body, expected);
            for (var i = 0; i < count; i++)
            {
                matched |= CryptographicOperations.FixedTimeEquals(expected, candidates.Slice(i * MacLength, MacLength));
            }
        }

        CryptographicOperations.ZeroMemory(expected);
        if (!matched)
        {
            return SignatureVerification.Fail(
                SignatureFailure.Mismatch,
                $"The {HeaderName} does not match the body under any current secret.");
        }

        // Checked after the signature, so that only a holder of a secret learns that the clock is the problem.
        var seconds = (long)tolerance.TotalSeconds;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var signedAt)
            || signedAt - now.ToUnixTimeSeconds() > seconds)
        {
            return SignatureVerification.Fail(
                SignatureFailure.Expired,
                $"The {HeaderName} timestamp is more than {seconds} seconds ahead of the server's time; check the sender's clock.");
        }

        if (now.ToUnixTimeSeconds() - signedAt > seconds)
        {
            return SignatureVerification.Fail(
                SignatureFailure.Expired,
                $"The {HeaderName} timestamp is more than {seconds} seconds old; sign each request when it is sent.");
        }

        return SignatureVerification.Valid;
    }

    private static bool TryReadHeader(string header, Span<byte> candidates, out ReadOnlySpan<char> timestamp, out int count)
    {
        timestamp = default;
        count = 0;
        if (header.Length > MaxHeaderLength)
        {
            return false;
        }

        var text = header.AsSpan();
        var hasTimestamp = false;
        foreach (var range in text.Split(','))
        {
            var part = text[range].Trim();
            if (part.IsEmpty)
            {
                continue;
            }

            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (key is "t")
            {
                if (hasTimestamp || !SignatureText.IsDigits(value, MaxTimestampDigits))
                {
                    return false;
                }

                timestamp = value;
                hasTimestamp = true;
            }
            else if (key is "v1"
                && count < MaxCandidates
                && SignatureText.TryDecodeHex(value, candidates.Slice(count * MacLength, MacLength)))
            {
                count++;
            }
        }

        return hasTimestamp && count > 0;
    }

    private static void ComputeMac(string secret, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
