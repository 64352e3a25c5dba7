using LeadFunctions.Html;
using LeadFunctions.ModelReviews;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;
using LeadFunctions.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email;

/// <summary>The email adapter: the SMTP sales notifier, the model review notifier and their settings.</summary>
public static class EmailRegistration
{
    /// <summary>
    /// Registers <see cref="SmtpSalesNotifier"/> as the <see cref="ISalesNotifier"/> and <see cref="SmtpModelReviewNotifier"/>
    /// as the <see cref="IModelReviewNotifier"/>, with their settings (sections
    /// <c>Smtp</c> and <c>Notifications</c>, and <c>Handoff</c> for the links), validated at start: a missing,
    /// malformed or misspelled setting stops the host with the setting's name (see <c>docs/notifications.md</c>).
    /// Needs an <see cref="IConfiguration"/> in the container (every host has one).
    /// </summary>
    public static IHostApplicationBuilder AddSalesEmail(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedSettings<SmtpOptions>(SmtpOptions.SectionName);
        services.AddValidatedSettings<NotificationOptions>(NotificationOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpOptions>, SmtpLeaseCheck>());
        services.AddHandoffLinks(); // the links in the emails are signed with Handoff__LinkSecret
        services.AddHtmlTemplates(); // the host's one renderer of emails (and pages)
        services.TryAddSingleton(provider => new SalesEmailComposer(
            provider.GetRequiredService<IOptions<NotificationOptions>>().Value,
            provider.GetRequiredService<HandoffLinks>(),
            provider.GetRequiredService<HtmlTemplates>()));
        services.AddSingleton<ISalesNotifier, SmtpSalesNotifier>();
        services.TryAddSingleton(provider => new ModelReviewEmailComposer(
            provider.GetRequiredService<IOptions<NotificationOptions>>().Value,
            provider.GetRequiredService<HtmlTemplates>()));
        services.AddSingleton<IModelReviewNotifier, SmtpModelReviewNotifier>();
        return builder;
    }
}
