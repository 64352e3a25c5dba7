using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Http.Webhooks;

/// <summary>
/// The three signature schemes, each over the exact raw body and compared in fixed time. Failure reasons are safe
/// to return: they never contain a secret or the expected signature.
/// </summary>
public static class WebhookSignatures
{
    /// <summary>
    /// <c>X-Lead-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;")&gt;</c>; several
    /// v1 values and several secrets are accepted (rotation); t must be within the tolerance of now.
    /// </summary>
    public static string? VerifyLeadSignature(string? header, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrWhiteSpace(header))
        {
            return "The X-Lead-Signature header is missing.";
        }

        if (header.Length > 1024)
        {
            return "The X-Lead-Signature header is malformed.";
        }

        long? timestamp = null;
        var candidates = new List<byte[]>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return "The X-Lead-Signature header is malformed (expected t=<unix seconds>,v1=<hex>).";
            }

            var key = part[..equals];
            var value = part[(equals + 1)..];
            if (key == "t" && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                timestamp = seconds;
            }
            else if (key == "v1" && TryHex(value, 32, out var signature))
            {
                candidates.Add(signature);
            }
        }

        if (timestamp is not { } t || candidates.Count == 0)
        {
            return "The X-Lead-Signature header is malformed (expected t=<unix seconds>,v1=<hex>).";
        }

        if (t > 253402300799 || Math.Abs((now - DateTimeOffset.FromUnixTimeSeconds(t)).TotalSeconds) > tolerance.TotalSeconds)
        {
            return $"The signature timestamp is more than {tolerance.TotalMinutes:0} minutes away from the server's time.";
        }

        var prefix = Encoding.ASCII.GetBytes(t.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        foreach (var secret in secrets)
        {
            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
            foreach (var candidate in candidates)
            {
                if (CryptographicOperations.FixedTimeEquals(expected, candidate))
                {
                    return null;
                }
            }
        }

        return "The signature does not match the body.";
    }

    /// <summary>Segment's webhook signature: <c>X-Signature</c> = hex HMAC-SHA1(shared secret, raw body).</summary>
    public static string? VerifySegmentSignature(string? header, ReadOnlySpan<byte> body, string secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "The Segment webhook is not configured (Webhooks__SegmentSharedSecret).";
        }

        if (string.IsNullOrWhiteSpace(header))
        {
            return "The X-Signature header is missing.";
        }

        if (!TryHex(header.Trim(), 20, out var supplied))
        {
            return "The X-Signature header is malformed (expected 40 hex characters).";
        }

#pragma warning disable CA5350 // Segment signs with HMAC-SHA1; the scheme is theirs, not ours to choose.
        var expected = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body);
#pragma warning restore CA5350
        return CryptographicOperations.FixedTimeEquals(expected, supplied) ? null : "The signature does not match the body.";
    }

    /// <summary>
    /// SendGrid's signed Event Webhook: ECDSA P-256 / SHA-256 over timestamp + raw body, the signature base64 DER in
    /// <c>X-Twilio-Email-Event-Webhook-Signature</c>, the timestamp in <c>X-Twilio-Email-Event-Webhook-Timestamp</c>.
    /// </summary>
    public static string? VerifySendGridSignature(string? signatureHeader, string? timestampHeader, ReadOnlySpan<byte> body, string publicKey)
    {
        if (string.IsNullOrWhiteSpace(publicKey))
        {
            return "The SendGrid webhook is not configured (Webhooks__SendGridPublicKey).";
        }

        if (string.IsNullOrWhiteSpace(signatureHeader) || string.IsNullOrWhiteSpace(timestampHeader))
        {
            return "The X-Twilio-Email-Event-Webhook-Signature or -Timestamp header is missing.";
        }

        if (signatureHeader.Length > 512 || timestampHeader.Length > 32)
        {
            return "The SendGrid signature headers are malformed.";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureHeader.Trim());
        }
        catch (FormatException)
        {
            return "The X-Twilio-Email-Event-Webhook-Signature header is not base64.";
        }

        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey.Trim()), out _);
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            return "The configured SendGrid public key is not a base64 ECDSA public key.";
        }

        var timestamp = Encoding.UTF8.GetBytes(timestampHeader.Trim());
        var signed = new byte[timestamp.Length + body.Length];
        timestamp.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(timestamp.Length));
        try
        {
            return ecdsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)
                ? null
                : "The signature does not match the body.";
        }
        catch (CryptographicException)
        {
            return "The signature does not match the body.";
        }
    }

    private static bool TryHex(string text, int bytes, out byte[] value)
    {
        value = [];
        if (text.Length != bytes * 2)
        {
            return false;
        }

        try
        {
            value = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
