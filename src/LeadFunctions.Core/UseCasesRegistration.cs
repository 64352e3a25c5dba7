using LeadFunctions.Backtesting;
using LeadFunctions.Capture;
using LeadFunctions.Ingestion;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Notifications;
using LeadFunctions.Outcomes;
using LeadFunctions.Qualification;
using LeadFunctions.Reporting;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadFunctions;

/// <summary>The domain and its use cases: the scoring model and engine, the use-case services and their settings.</summary>
public static class UseCasesRegistration
{
    /// <summary>Path of a scoring model JSON file; empty for the model shipped with the app.</summary>
    public const string ModelPathSetting = "Scoring:ModelPath";

    /// <summary>
    /// Registers the model (loaded now, so that a bad model stops the host at start with every error's JSON path), the
    /// scorer, the use cases (stateless singletons) and the Decay, Handoff and Sales settings, validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddLeadUseCases(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(LoadModel(builder.Configuration[ModelPathSetting]));
        services.AddSingleton<LeadScorer>();

        services.AddSingleton<LeadCaptureService>();
        services.AddSingleton<EngagementIngestionService>();
        services.AddSingleton<LeadRescoringService>();
        services.AddSingleton<RescoreRequestHandler>();
        services.AddSingleton<DecayAndNotifyService>();
        services.AddSingleton<SalesHandoffDispatcher>();
        services.AddSingleton<HandoffReminderDispatcher>();
        services.AddSingleton<LeadQueryService>();
        services.AddSingleton<LeadErasureService>();
        services.AddSingleton<SalesStatusService>();
        services.AddSingleton<HandoffPageService>();
        services.AddSingleton<OutcomeImportService>();
        services.AddSingleton<KnownOutcomes>();
        services.AddSingleton<BacktestService>();
        services.AddSingleton<BacktestPageHandler>();
        services.AddSingleton<PointsSuggestionService>();
        services.AddSingleton<FunnelReportService>();
        services.TryAddSingleton(provider => new HandoffLinks(provider.GetRequiredService<IOptions<HandoffOptions>>().Value));
        AddValidatedOptions<DecayOptions>(services, DecayOptions.SectionName);
        AddValidatedOptions<HandoffOptions>(services, HandoffOptions.SectionName);
        AddValidatedOptions<SalesOptions>(services, SalesOptions.SectionName);
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
