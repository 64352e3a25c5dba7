using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadFunctions.Html;

/// <summary>The rendering of pages and emails, registered by every feature that writes HTML (once per host).</summary>
public static class HtmlRegistration
{
    /// <summary>Registers the host's one <see cref="HtmlTemplates"/> (a singleton; a second call changes nothing).</summary>
    public static IServiceCollection AddHtmlTemplates(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<HtmlTemplates>();
        return services;
    }
}
