using LeadFunctions.Settings;
using LeadFunctions.Webhooks.Canonical;
using LeadFunctions.Webhooks.Segment;
using LeadFunctions.Webhooks.SendGrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LeadFunctions.Webhooks;

/// <summary>The webhook adapters: signature verification and payload parsing per provider.</summary>
public static class WebhooksRegistration
{
    /// <summary>
    /// Registers <see cref="WebhookOptions"/> (section <c>Webhooks</c>, validated at start), the three signature
    /// verifiers and the three payload parsers. The parsers need the <see cref="Scoring.IScoringModelSource"/> registered
    /// by the host.
    /// </summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedSettings<WebhookOptions>(WebhookOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CanonicalSignatureVerifier>();
        services.AddSingleton<CanonicalEventParser>();
        services.AddSingleton<SegmentSignatureVerifier>();
        services.AddSingleton<SegmentEventParser>();
        services.AddSingleton<SendGridSignatureVerifier>();
        services.AddSingleton<SendGridEventParser>();
        return builder;
    }
}
