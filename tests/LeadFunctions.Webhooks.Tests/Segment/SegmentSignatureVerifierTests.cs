using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Webhooks.Segment;
using static LeadFunctions.Webhooks.Tests.TestData;

namespace LeadFunctions.Webhooks.Tests.Segment;

public sealed class SegmentSignatureVerifierTests
{
    private static readonly byte[] Body = Utf8("""{"type":"track","event":"Demo Requested","messageId":"m-1"}""");

    [Fact]
    public void Accepts_hex_hmac_sha1_of_the_raw_body_with_the_shared_secret()
    {
#pragma warning disable CA5350 // Segment's scheme.
        var independent = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(SegmentSecret), Body));
#pragma warning restore CA5350

        Assert.Equal(independent, SegmentSignatureVerifier.CreateHeader(SegmentSecret, Body));
        Assert.True(Verify(independent).IsValid);
        Assert.True(Verify(independent.ToUpperInvariant()).IsValid);
    }

    [Fact]
    public void Rejects_a_signature_made_with_another_secret()
    {
        var result = Verify(SegmentSignatureVerifier.CreateHeader("another-secret", Body));

        Assert.Equal(SignatureFailure.Mismatch, result.Failure);
        Assert.DoesNotContain(
            SegmentSignatureVerifier.CreateHeader(SegmentSecret, Body), result.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rejects_a_signature_of_another_body()
    {
        Assert.Equal(SignatureFailure.Mismatch, Verify(SegmentSignatureVerifier.CreateHeader(SegmentSecret, Utf8("{}"))).Failure);
    }

    [Fact]
    public void Rejects_a_request_without_the_signature_header()
    {
        Assert.Equal(SignatureFailure.Missing, Verify(null).Failure);
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("sha1=0000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000")]
    public void Rejects_a_malformed_signature_header(string header)
    {
        Assert.Equal(SignatureFailure.Malformed, Verify(header).Failure);
    }

    [Fact]
    public void Refuses_everything_when_no_shared_secret_is_configured()
    {
        var header = SegmentSignatureVerifier.CreateHeader(SegmentSecret, Body);

        var result = new SegmentSignatureVerifier(Options(o => o.SegmentSharedSecret = string.Empty))
            .Verify(Headers((SegmentSignatureVerifier.HeaderName, header)), Body);

        Assert.Equal(SignatureFailure.NotConfigured, result.Failure);
    }

    private static SignatureVerification Verify(string? header) =>
        new SegmentSignatureVerifier(Options()).Verify(Headers((SegmentSignatureVerifier.HeaderName, header)), Body);
}
