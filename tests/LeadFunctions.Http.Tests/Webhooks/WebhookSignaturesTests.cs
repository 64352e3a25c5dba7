using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Http.Webhooks;

namespace LeadFunctions.Tests.Http.Webhooks;

public sealed class WebhookSignaturesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""[{"eventId":"e1"}]""");
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Accepts_a_lead_signature_from_any_current_secret_and_any_v1_value()
    {
        var header = $"t={Now.ToUnixTimeSeconds()},v1={new string('0', 64)},v1={Sign("new-secret", Now)}";

        Assert.Null(WebhookSignatures.VerifyLeadSignature(header, Body, ["old-secret", "new-secret"], Now, Tolerance));
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("v1=abc", "malformed")]
    [InlineData("t=abc,v1=00", "malformed")]
    public void Rejects_missing_and_malformed_lead_signatures(string? header, string reason)
    {
        Assert.Contains(reason, WebhookSignatures.VerifyLeadSignature(header, Body, ["secret"], Now, Tolerance), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void Rejects_a_signature_more_than_five_minutes_away(int minutes)
    {
        var at = Now.AddMinutes(minutes);
        var header = $"t={at.ToUnixTimeSeconds()},v1={Sign("secret", at)}";

        Assert.Contains("minutes", WebhookSignatures.VerifyLeadSignature(header, Body, ["secret"], Now, Tolerance), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_lead_signature_over_another_body_without_revealing_the_expected_value()
    {
        var header = $"t={Now.ToUnixTimeSeconds()},v1={Sign("secret", Now)}";
        var problem = WebhookSignatures.VerifyLeadSignature(header, Encoding.UTF8.GetBytes("[]"), ["secret"], Now, Tolerance);

        Assert.Equal("The signature does not match the body.", problem);
    }

    [Fact]
    public void Verifies_segment_hmac_sha1_signatures()
    {
#pragma warning disable CA5350 // Segment's scheme.
        var signature = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes("shared"), Body));
#pragma warning restore CA5350

        Assert.Null(WebhookSignatures.VerifySegmentSignature(signature, Body, "shared"));
        Assert.NotNull(WebhookSignatures.VerifySegmentSignature(signature, Body, "other"));
        Assert.NotNull(WebhookSignatures.VerifySegmentSignature(signature, Body, string.Empty));
        Assert.NotNull(WebhookSignatures.VerifySegmentSignature("zz", Body, "shared"));
    }

    [Fact]
    public void Verifies_sendgrid_ecdsa_signatures_over_timestamp_and_body()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        const string timestamp = "1795262400";
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp), .. Body];
        var signature = Convert.ToBase64String(key.SignData(signed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        Assert.Null(WebhookSignatures.VerifySendGridSignature(signature, timestamp, Body, publicKey));
        Assert.NotNull(WebhookSignatures.VerifySendGridSignature(signature, "1795262401", Body, publicKey));
        Assert.NotNull(WebhookSignatures.VerifySendGridSignature(signature, timestamp, Body, Convert.ToBase64String(other.ExportSubjectPublicKeyInfo())));
        Assert.NotNull(WebhookSignatures.VerifySendGridSignature("not base64!", timestamp, Body, publicKey));
        Assert.NotNull(WebhookSignatures.VerifySendGridSignature(signature, timestamp, Body, "not a key"));
    }

    private static string Sign(string secret, DateTimeOffset at)
    {
        byte[] signed = [.. Encoding.ASCII.GetBytes(at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "."), .. Body];
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
