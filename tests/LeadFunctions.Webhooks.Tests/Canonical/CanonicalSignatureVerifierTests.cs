using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Webhooks.Canonical;
using static LeadFunctions.Webhooks.Tests.TestData;

namespace LeadFunctions.Webhooks.Tests.Canonical;

public sealed class CanonicalSignatureVerifierTests
{
    private static readonly byte[] Body =
        Utf8("""[{"eventId":"e-1","email":"ada@example.com","type":"Demo Requested","occurredAt":"2026-11-22T11:59:00Z"}]""");

    [Fact]
    public void Accepts_a_signature_made_with_the_configured_secret()
    {
        var result = Verify(CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now, Body));

        Assert.True(result.IsValid);
        Assert.Equal(SignatureFailure.None, result.Failure);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void Accepts_a_signature_computed_independently_over_timestamp_dot_body()
    {
        var t = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(EventsSecret), (byte[])[.. Encoding.ASCII.GetBytes(t + "."), .. Body]);

        Assert.True(Verify($"t={t},v1={Convert.ToHexString(mac)}").IsValid);
    }

    [Fact]
    public void Accepts_any_v1_value_and_any_configured_secret_while_rotating()
    {
        const string newSecret = "the-new-secret-0123456789";
        var signedWithOld = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now, Body);
        var signedWithNew = CanonicalSignatureVerifier.CreateHeader(newSecret, Now, Body);
        var bothValues = $"{signedWithOld},v1={new string('0', 64)},{signedWithNew.Split(',')[1]}";
        var options = Options(o => o.EventsSecret = $"{newSecret}, {EventsSecret}");

        Assert.True(Verify(signedWithOld, options).IsValid);
        Assert.True(Verify(signedWithNew, options).IsValid);
        Assert.True(Verify(bothValues, Options(o => o.EventsSecret = newSecret)).IsValid);
    }

    [Fact]
    public void Rejects_a_signature_made_with_a_retired_secret()
    {
        var header = CanonicalSignatureVerifier.CreateHeader("a-retired-secret-0123456789", Now, Body);

        Assert.Equal(SignatureFailure.Mismatch, Verify(header).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Rejects_a_request_without_the_signature_header(string? header)
    {
        var result = Verify(header);

        Assert.Equal(SignatureFailure.Missing, result.Failure);
        Assert.Contains("missing", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("v1=00")]
    [InlineData("t=1795000000")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1795000000,v1=zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1795000000,v1=000000")]
    [InlineData("t=1795000000,t=1795000001,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("=1,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    public void Rejects_a_malformed_signature_header(string header)
    {
        var result = Verify(header);

        Assert.Equal(SignatureFailure.Malformed, result.Failure);
        Assert.Contains("malformed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_oversized_signature_header_as_malformed()
    {
        var header = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now, Body) + "," + new string('x', 4_000);

        Assert.Equal(SignatureFailure.Malformed, Verify(header).Failure);
    }

    [Fact]
    public void Rejects_a_signature_over_another_body_without_revealing_the_expected_value_or_secret()
    {
        var header = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now, Utf8("[]"));
        var expected = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now, Body).Split("v1=")[1];

        var result = Verify(header);

        Assert.Equal(SignatureFailure.Mismatch, result.Failure);
        Assert.DoesNotContain(expected, result.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(EventsSecret, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_signature_whose_timestamp_was_changed()
    {
        var header = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now, Body)
            .Replace($"t={Now.ToUnixTimeSeconds()}", $"t={Now.ToUnixTimeSeconds() + 1}", StringComparison.Ordinal);

        Assert.Equal(SignatureFailure.Mismatch, Verify(header).Failure);
    }

    [Fact]
    public void Rejects_a_signature_older_than_five_minutes()
    {
        var header = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now.AddMinutes(-5).AddSeconds(-1), Body);

        var result = Verify(header);

        Assert.Equal(SignatureFailure.Expired, result.Failure);
        Assert.Contains("old", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_signature_more_than_five_minutes_in_the_future()
    {
        var header = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now.AddMinutes(5).AddSeconds(1), Body);

        var result = Verify(header);

        Assert.Equal(SignatureFailure.Expired, result.Failure);
        Assert.Contains("ahead", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_validly_signed_timestamp_beyond_any_date()
    {
        var t = "9999999999999999999";
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(EventsSecret), (byte[])[.. Encoding.ASCII.GetBytes(t + "."), .. Body]);

        Assert.Equal(SignatureFailure.Expired, Verify($"t={t},v1={Convert.ToHexString(mac)}").Failure);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    [InlineData(0)]
    public void Accepts_a_timestamp_up_to_five_minutes_either_way(int seconds)
    {
        Assert.True(Verify(CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now.AddSeconds(seconds), Body)).IsValid);
    }

    [Fact]
    public void Uses_the_configured_tolerance()
    {
        var header = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now.AddMinutes(-10), Body);

        Assert.True(Verify(header, Options(o => o.SignatureToleranceSeconds = 900)).IsValid);
        Assert.Equal(SignatureFailure.Expired, Verify(header, Options(o => o.SignatureToleranceSeconds = 300)).Failure);
    }

    [Fact]
    public void Follows_the_clock_of_its_time_provider()
    {
        var clock = Clock();
        var verifier = new CanonicalSignatureVerifier(Options(), clock);
        var header = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now, Body);

        Assert.True(verifier.Verify(Headers((CanonicalSignatureVerifier.HeaderName, header)), Body).IsValid);
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(SignatureFailure.Expired, verifier.Verify(Headers((CanonicalSignatureVerifier.HeaderName, header)), Body).Failure);
    }

    [Fact]
    public void Reports_a_missing_configuration_as_not_configured()
    {
        var header = CanonicalSignatureVerifier.CreateHeader(EventsSecret, Now, Body);

        Assert.Equal(SignatureFailure.NotConfigured, Verify(header, Options(o => o.EventsSecret = " , ")).Failure);
    }

    private static SignatureVerification Verify(string? header, Microsoft.Extensions.Options.IOptions<WebhookOptions>? options = null) =>
        new CanonicalSignatureVerifier(options ?? Options(), Clock())
            .Verify(Headers((CanonicalSignatureVerifier.HeaderName, header)), Body);
}
