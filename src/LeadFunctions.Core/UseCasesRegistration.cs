using LeadFunctions.Backtesting;
using LeadFunctions.Capture;
using LeadFunctions.Engagement;
using LeadFunctions.Ingestion;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.ModelReviews;
using LeadFunctions.ModelVersions;
using LeadFunctions.Notifications;
using LeadFunctions.Outcomes;
using LeadFunctions.Qualification;
using LeadFunctions.Reporting;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Settings;
using LeadFunctions.Suggestions;
using LeadFunctions.Visitors;
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
    /// scorer with the machine-engagement rules, the use cases (stateless singletons) and the Decay, Engagement, Handoff,
    /// Sales and Tracking settings, validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddLeadUseCases(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddLiveModel(LoadModel(builder.Configuration[ModelPathSetting]));

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
        services.AddSingleton<SuggestionService>();
        services.AddSingleton<SuggestionPageHandler>();
        services.AddSingleton<FunnelReportService>();
        services.AddSingleton<JoinedVisitors>();
        services.AddSingleton<VisitorJoinService>();
        services.AddSingleton<VisitorEventRouter>();
        services.AddSingleton<VisitorRetentionService>();
        services.AddHandoffLinks();
        services.AddValidatedSettings<DecayOptions>(DecayOptions.SectionName);
        services.AddValidatedSettings<EngagementOptions>(EngagementOptions.SectionName);
        services.AddSingleton(provider =>
            new MachineEngagementClassifier(provider.GetRequiredService<IOptions<EngagementOptions>>().Value));
        services.AddValidatedSettings<SalesOptions>(SalesOptions.SectionName);
        services.AddValidatedSettings<TrackingOptions>(TrackingOptions.SectionName);
        return builder;
    }

    /// <summary>
    /// The hand-off links' signer and its settings (<c>Handoff</c>, validated at start), for every layer that signs or
    /// checks a link (the use cases, the email adapter). Registered once however often it is called.
    /// </summary>
    public static IServiceCollection AddHandoffLinks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedSettings<HandoffOptions>(HandoffOptions.SectionName);
        services.TryAddSingleton(provider => new HandoffLinks(provider.GetRequiredService<IOptions<HandoffOptions>>().Value));
        return services;
    }

    /// <summary>
    /// The live model and what keeps it current: the deployed model (the seed), <see cref="LiveModel"/> as the
    /// <see cref="IScoringModelSource"/> every use of the model reads, the scorer that follows it, the registry's use
    /// cases, the weekly review and the background follower (settings <c>Models</c>, validated at start).
    /// </summary>
    private static void AddLiveModel(this IServiceCollection services, SeedModel seed)
    {
        services.AddSingleton(seed);
        services.AddSingleton(new LiveModel(seed.Model));
        services.AddSingleton<IScoringModelSource>(provider => provider.GetRequiredService<LiveModel>());
        services.AddSingleton(provider => new LeadScorer(
            provider.GetRequiredService<IScoringModelSource>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<MachineEngagementClassifier>()));
        services.AddSingleton<LiveModelRefresher>();
        services.AddSingleton<ModelRegistryService>();
        services.AddSingleton<ModelPublishingService>();
        services.AddSingleton<ModelReviewService>();
        services.AddSingleton<ModelReviewEmailDispatcher>();
        services.AddSingleton<ModelVersionsOverviewService>();
        services.AddHostedService<LiveModelFollower>();
        services.AddValidatedSettings<ModelVersionOptions>(ModelVersionOptions.SectionName);
    }

    private static SeedModel LoadModel(string? path)
    {
        string json;
        if (string.IsNullOrWhiteSpace(path))
        {
            using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream("LeadFunctions.Scoring.scoring-model.json")
                ?? throw new InvalidOperationException("The bundled scoring model is not embedded.");
            using var reader = new StreamReader(stream);
            json = reader.ReadToEnd();
        }
        else if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The setting Scoring__ModelPath names '{path}', which does not exist.");
        }
        else
        {
            json = File.ReadAllText(path);
        }

        var model = ScoringModel.Parse(json);
        return ModelVersionName.IsValid(model.Version)
            ? new SeedModel(json, model)
            : throw new InvalidOperationException(
                $"The model Scoring__ModelPath names has version '{model.Version}', which the model registry cannot store: "
                + ModelVersionName.Rule + ".");
    }
}
