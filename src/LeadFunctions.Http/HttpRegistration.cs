using LeadFunctions.Html;
using LeadFunctions.Http.Admin;
using LeadFunctions.Http.Backtesting;
using LeadFunctions.Http.Capture;
using LeadFunctions.Http.Leads;
using LeadFunctions.Http.Models;
using LeadFunctions.Http.Outcomes;
using LeadFunctions.Http.Pages;
using LeadFunctions.Http.Protocol;
using LeadFunctions.Http.Reporting;
using LeadFunctions.Http.Sales;
using LeadFunctions.Http.Webhooks;
using LeadFunctions.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LeadFunctions.Http;

/// <summary>The HTTP endpoints both hosts bind their functions to, and the capture settings (CORS origins, rate limit).</summary>
public static class HttpRegistration
{
    public static IHostApplicationBuilder AddHttpEndpoints(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddValidatedSettings<CaptureOptions>(CaptureOptions.SectionName);
        services.AddSingleton<StorageFaultGuard>();
        services.AddHtmlTemplates(); // the host's one renderer of pages (and emails)
        services.AddSingleton<HtmlPages>();
        services.TryAddSingleton<IClientAddressSource, PlatformClientAddressSource>(); // the local host replaces it
        services.AddSingleton<CaptureRateLimiter>();
        services.AddSingleton<CaptureEndpoint>();
        services.AddSingleton<LeadsEndpoint>();
        services.AddSingleton<AdminEndpoint>();
        services.AddSingleton<EventsEndpoint>();
        services.AddSingleton<HandoffPageEndpoint>();
        services.AddSingleton<LeadStatusEndpoint>();
        services.AddSingleton<SuggestionsEndpoint>();
        services.AddSingleton<OutcomesEndpoint>();
        services.AddSingleton<BacktestsEndpoint>();
        services.AddSingleton<ModelsPageEndpoint>();
        services.AddSingleton<ModelVersionsEndpoint>();
        services.AddSingleton<FunnelReportEndpoint>();
        return builder;
    }
}
