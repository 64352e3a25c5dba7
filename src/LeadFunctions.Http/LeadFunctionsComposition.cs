using LeadFunctions.Capture;
using LeadFunctions.Http.Admin;
using LeadFunctions.Http.Capture;
using LeadFunctions.Http.Leads;
using LeadFunctions.Http.Sales;
using LeadFunctions.Http.Webhooks;
using LeadFunctions.Webhooks;
using LeadFunctions.Infrastructure;
using LeadFunctions.Ingestion;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Http;

/// <summary>
/// The composition root both hosts call: <c>FunctionsApplication.CreateBuilder(args).AddLeadFunctions()</c> in the
/// Functions app, <c>WebApplication.CreateBuilder(args).AddLeadFunctions()</c> in the local host.
/// </summary>
public static class LeadFunctionsComposition
{
    /// <summary>Path of a scoring model JSON file; empty for the model shipped with the app.</summary>
    public const string ModelPathSetting = "Scoring:ModelPath";

    public static IHostApplicationBuilder AddLeadFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.TryAddSingleton(TimeProvider.System);
        // Loaded now, so that a bad model stops the host at start with every error's JSON path.
        services.AddSingleton(LoadModel(configuration[ModelPathSetting]));
        services.AddSingleton<LeadScorer>();

        // Use cases (stateless singletons)
        services.AddSingleton<LeadCaptureService>();
        services.AddSingleton<EngagementIngestionService>();
        services.AddSingleton<LeadRescoringService>();
        services.AddSingleton<RescoreRequestHandler>();
        services.AddSingleton<DecayAndNotifyService>();
        services.AddSingleton<SalesHandoffDispatcher>();
        services.AddSingleton<LeadQueryService>();
        services.AddSingleton<LeadErasureService>();
        services.AddSingleton<HandoffReminderDispatcher>();
        services.AddSingleton<SalesStatusService>();
        services.AddSingleton<HandoffPageService>();
        services.AddSingleton(provider => new HandoffLinks(provider.GetRequiredService<IOptions<HandoffOptions>>().Value));
        AddValidatedOptions<DecayOptions>(services, DecayOptions.SectionName);
        AddValidatedOptions<HandoffOptions>(services, HandoffOptions.SectionName);
        AddValidatedOptions<SalesOptions>(services, SalesOptions.SectionName);

        // Adapters
        builder.AddLeadStorage();
        LeadFunctions.Email.DependencyInjection.AddSmtpSalesNotifier(services);

        // HTTP endpoints
        AddValidatedOptions<CaptureOptions>(services, CaptureOptions.SectionName);
        services.AddSingleton<CaptureRateLimiter>();
        services.AddSingleton<CaptureEndpoint>();
        services.AddSingleton<LeadsEndpoint>();
        services.AddSingleton<AdminEndpoint>();
        services.AddWebhooks();
        services.AddSingleton<EventsEndpoint>();
        services.AddSingleton<HandoffPageEndpoint>();
        services.AddSingleton<LeadStatusEndpoint>();
        return builder;
    }

    private static void AddValidatedOptions<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();

    private static ScoringModel LoadModel(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return ScoringModel.Default;
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The setting Scoring__ModelPath names '{path}', which does not exist.");
        }

        return ScoringModel.Parse(File.ReadAllText(path));
    }
}
