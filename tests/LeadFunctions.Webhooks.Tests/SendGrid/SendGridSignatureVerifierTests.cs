using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Webhooks.SendGrid;
using static LeadFunctions.Webhooks.Tests.TestData;

namespace LeadFunctions.Webhooks.Tests.SendGrid;

public sealed class SendGridSignatureVerifierTests : IDisposable
{
    private static readonly byte[] Body =
        Utf8("[{\"email\":\"ada@example.com\",\"event\":\"open\",\"sg_event_id\":\"ev-1\",\"timestamp\":1795348800}]\r\n");

    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private string PublicKey => Convert.ToBase64String(_signingKey.ExportSubjectPublicKeyInfo());

    public void Dispose() => _signingKey.Dispose();

    [Fact]
    public void Accepts_a_signature_over_timestamp_and_body_by_the_configured_key()
    {
        var timestamp = Seconds(Now);

        var result = Verify(Sign(_signingKey, timestamp, Body), timestamp, Body, PublicKey);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Rejects_a_tampered_body()
    {
        var timestamp = Seconds(Now);
        var tampered = Utf8(Encoding.UTF8.GetString(Body).Replace("open", "click", StringComparison.Ordinal));

        Assert.Equal(SignatureFailure.Mismatch, Verify(Sign(_signingKey, timestamp, Body), timestamp, tampered, PublicKey).Failure);
    }

    [Fact]
    public void Rejects_a_tampered_timestamp()
    {
        var signature = Sign(_signingKey, Seconds(Now), Body);

        Assert.Equal(SignatureFailure.Mismatch, Verify(signature, Seconds(Now.AddSeconds(1)), Body, PublicKey).Failure);
    }

    [Fact]
    public void Rejects_a_signature_made_with_another_key()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var timestamp = Seconds(Now);

        Assert.Equal(SignatureFailure.Mismatch, Verify(Sign(otherKey, timestamp, Body), timestamp, Body, PublicKey).Failure);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("%%%%")]
    [InlineData("")]
    public void Rejects_a_signature_that_is_not_base64(string signature)
    {
        var result = Verify(signature.Length == 0 ? new string('A', 400) : signature, Seconds(Now), Body, PublicKey);

        Assert.Equal(SignatureFailure.Malformed, result.Failure);
    }

    [Fact]
    public void Rejects_base64_that_is_not_a_der_signature()
    {
        var result = Verify(Convert.ToBase64String(new byte[64]), Seconds(Now), Body, PublicKey);

        Assert.Equal(SignatureFailure.Mismatch, result.Failure);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("1795348800.5")]
    public void Rejects_a_timestamp_that_is_not_unix_seconds(string timestamp)
    {
        Assert.Equal(SignatureFailure.Malformed, Verify(Sign(_signingKey, timestamp, Body), timestamp, Body, PublicKey).Failure);
    }

    [Fact]
    public void Rejects_a_request_without_signature_headers()
    {
        var timestamp = Seconds(Now);
        var signature = Sign(_signingKey, timestamp, Body);

        Assert.Equal(SignatureFailure.Missing, Verify(null, timestamp, Body, PublicKey).Failure);
        Assert.Equal(SignatureFailure.Missing, Verify(signature, null, Body, PublicKey).Failure);
    }

    [Fact]
    public void Accepts_a_retry_whose_signature_is_a_day_old()
    {
        var timestamp = Seconds(Now.AddHours(-24).AddMinutes(-30));

        Assert.True(Verify(Sign(_signingKey, timestamp, Body), timestamp, Body, PublicKey).IsValid);
    }

    [Fact]
    public void Rejects_a_signature_older_than_the_configured_maximum_age()
    {
        var timestamp = Seconds(Now.AddHours(-48).AddSeconds(-1));

        var result = Verify(Sign(_signingKey, timestamp, Body), timestamp, Body, PublicKey);

        Assert.Equal(SignatureFailure.Expired, result.Failure);
        Assert.Contains("48 hours old", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_signature_more_than_five_minutes_in_the_future()
    {
        var timestamp = Seconds(Now.AddMinutes(5).AddSeconds(1));

        Assert.Equal(SignatureFailure.Expired, Verify(Sign(_signingKey, timestamp, Body), timestamp, Body, PublicKey).Failure);
    }

    [Fact]
    public void Refuses_everything_when_no_key_is_configured()
    {
        var timestamp = Seconds(Now);

        Assert.Equal(SignatureFailure.NotConfigured, Verify(Sign(_signingKey, timestamp, Body), timestamp, Body, string.Empty).Failure);
    }

    [Fact]
    public void Refuses_a_configured_key_that_is_not_p256()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);
        var timestamp = Seconds(Now);

        var keys = new[]
        {
            Convert.ToBase64String(p384.ExportSubjectPublicKeyInfo()),
            Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()),
            "bm90IGEga2V5",
        };
        foreach (var key in keys)
        {
            var result = Verify(Sign(_signingKey, timestamp, Body), timestamp, Body, key);

            Assert.Equal(SignatureFailure.NotConfigured, result.Failure);
            Assert.DoesNotContain(key, result.Reason, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Test vector of SendGrid's own helper libraries: sendgrid/sendgrid-csharp
    /// tests/SendGrid.Tests/Helpers/EventWebhook/RequestValidatorTests.cs (the same values are in sendgrid-java,
    /// -nodejs, -python, -ruby and -go).
    /// </summary>
    [Fact]
    public void Verifies_the_test_vector_of_sendgrids_libraries()
    {
        const string publicKey =
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==";
        const string signature = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";
        const string timestamp = "1588788367";
        var payload = Utf8("{\"category\":\"example_payload\",\"event\":\"test_event\",\"message_id\":\"message_id\"}");
        var at = DateTimeOffset.FromUnixTimeSeconds(1588788367);

        Assert.True(Verify(signature, timestamp, payload, publicKey, at).IsValid);
        Assert.Equal(SignatureFailure.Mismatch, Verify(signature, timestamp, Utf8("payload"), publicKey, at).Failure);
        // The libraries' "bad key" and "bad signature" cases.
        const string badKey =
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REntlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==";
        const string badSignature = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH3j/0=";
        Assert.Equal(SignatureFailure.Mismatch, Verify(signature, timestamp, payload, badKey, at).Failure);
        Assert.Equal(SignatureFailure.Mismatch, Verify(badSignature, timestamp, payload, publicKey, at).Failure);
    }

    /// <summary>
    /// A signed post of a real "dropped" event, trailing CRLF included, from sendgrid/sendgrid-ruby
    /// spec/fixtures/event_webhook.rb.
    /// </summary>
    [Fact]
    public void Verifies_a_signed_sendgrid_post_with_its_trailing_crlf()
    {
        const string publicKey =
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";
        const string signature = "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluLtEZtM=";
        const string timestamp = "1600112502";
        var at = DateTimeOffset.FromUnixTimeSeconds(1600112502);

        Assert.True(Verify(signature, timestamp, SendGridFixture.DroppedPost, publicKey, at).IsValid);
        Assert.Equal(SignatureFailure.Mismatch, Verify(signature, timestamp, SendGridFixture.DroppedPost[..^2], publicKey, at).Failure);
    }

    [Fact]
    public void Reads_its_headers_key_and_clock_from_the_host()
    {
        var clock = Clock();
        var verifier = new SendGridSignatureVerifier(Options(o => o.SendGridPublicKey = PublicKey), clock);
        var timestamp = Seconds(Now);
        var headers = Headers(
            (SendGridSignatureVerifier.SignatureHeaderName, Sign(_signingKey, timestamp, Body)),
            (SendGridSignatureVerifier.TimestampHeaderName, timestamp));

        Assert.True(verifier.Verify(headers, Body).IsValid);
        clock.Advance(TimeSpan.FromHours(49));
        Assert.Equal(SignatureFailure.Expired, verifier.Verify(headers, Body).Failure);
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Sign(ECDsa key, string timestamp, byte[] body) =>
        Convert.ToBase64String(key.SignData(
            (byte[])[.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private static SignatureVerification Verify(
        string? signature, string? timestamp, byte[] body, string publicKey, DateTimeOffset? now = null) =>
        new SendGridSignatureVerifier(Options(o => o.SendGridPublicKey = publicKey), Clock(now ?? Now))
            .Verify(
                Headers(
                    (SendGridSignatureVerifier.SignatureHeaderName, signature),
                    (SendGridSignatureVerifier.TimestampHeaderName, timestamp)),
                body);
}
