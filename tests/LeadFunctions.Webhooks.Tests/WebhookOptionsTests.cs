using System.Security.Cryptography;
using LeadFunctions.Webhooks.Canonical;
using LeadFunctions.Webhooks.SendGrid;
using LeadFunctions.Webhooks.Segment;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Webhooks.Tests;

public sealed class WebhookOptionsTests
{
    [Fact]
    public void Binds_the_webhooks_section_from_the_app_setting_names()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

        var options = Bind(new()
        {
            ["Webhooks:EventsSecret"] = "first-secret-0123456789, second-secret-0123456789",
            ["Webhooks:SegmentSharedSecret"] = "segment",
            ["Webhooks:SendGridPublicKey"] = publicKey,
            ["Webhooks:SignatureToleranceSeconds"] = "120",
            ["Webhooks:SendGridSignatureMaxAgeHours"] = "30",
        });

        Assert.Empty(Validate(options));
        Assert.Equal(["first-secret-0123456789", "second-secret-0123456789"], options.GetEventsSecrets());
        Assert.Equal("segment", options.SegmentSharedSecret);
        Assert.Equal(publicKey, options.SendGridPublicKey);
        Assert.Equal(TimeSpan.FromMinutes(2), options.SignatureTolerance);
        Assert.Equal(TimeSpan.FromHours(30), options.SendGridSignatureMaxAge);
    }

    [Fact]
    public void Defaults_to_five_minutes_of_tolerance_and_forty_eight_hours_for_sendgrid_retries()
    {
        var options = new WebhookOptions();

        Assert.Equal(TimeSpan.FromMinutes(5), options.SignatureTolerance);
        Assert.Equal(TimeSpan.FromHours(48), options.SendGridSignatureMaxAge);
    }

    [Theory]
    [InlineData("", "EventsSecret")]
    [InlineData("short", "at least 16 characters")]
    [InlineData("long-enough-secret-0123, short", "at least 16 characters")]
    [InlineData(" , ", "holds no secret")]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://vault.example/secrets/events)", "Key Vault reference")]
    public void Refuses_an_events_secret_that_is_missing_or_too_short_without_echoing_it(string secret, string message)
    {
        var failures = Validate(new WebhookOptions { EventsSecret = secret });

        var failure = Assert.Single(failures);
        Assert.Contains(message, failure, StringComparison.Ordinal);
        if (secret.Trim().Length > 3)
        {
            Assert.DoesNotContain(secret.Split(',')[^1].Trim(), failure, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("bm90IGEga2V5")]
    public void Refuses_a_sendgrid_key_that_is_not_an_ecdsa_p256_public_key(string key)
    {
        var failure = Assert.Single(Validate(new WebhookOptions { EventsSecret = "events-secret-0123456789", SendGridPublicKey = key }));

        Assert.Contains("Webhooks__SendGridPublicKey", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(721)]
    public void Refuses_a_sendgrid_window_that_would_drop_retries_or_never_expire(int hours)
    {
        Assert.Single(Validate(new WebhookOptions { EventsSecret = "events-secret-0123456789", SendGridSignatureMaxAgeHours = hours }));
    }

    [Fact]
    public void Registers_the_verifiers_and_parsers()
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var services = builder.AddWebhooks().Services;

        Type[] expected =
        [
            typeof(CanonicalSignatureVerifier), typeof(CanonicalEventParser), typeof(SegmentSignatureVerifier), typeof(SegmentEventParser),
            typeof(SendGridSignatureVerifier), typeof(SendGridEventParser), typeof(TimeProvider),
        ];
        Assert.All(expected, type => Assert.Contains(services, descriptor => descriptor.ServiceType == type));
        Assert.Contains(services, descriptor => descriptor.ServiceType == typeof(IValidateOptions<WebhookOptions>));
    }

    private static WebhookOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(WebhookOptions.SectionName).Get<WebhookOptions>()!;

    /// <summary>The same validation that ValidateDataAnnotations runs at start.</summary>
    private static IReadOnlyList<string> Validate(WebhookOptions options)
    {
        var result = new DataAnnotationValidateOptions<WebhookOptions>(Options.DefaultName).Validate(Options.DefaultName, options);
        return result.Failed ? [.. result.Failures!] : [];
    }
}
