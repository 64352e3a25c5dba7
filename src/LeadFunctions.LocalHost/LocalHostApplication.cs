using System.Globalization;
using LeadFunctions.FunctionApp;
using LeadFunctions.Http;
using LeadFunctions.Http.Capture;
using LeadFunctions.LocalHost.Functions;
using LeadFunctions.LocalHost.Http;
using LeadFunctions.LocalHost.Triggers;
using LeadFunctions.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost;

/// <summary>
/// Builds the local host: the shared composition root (<c>AddLeadFunctions</c>), plus what the Functions host would
/// provide for the app's functions, which it reads from the app itself (<see cref="AppFunctionCatalog"/>).
/// </summary>
public static class LocalHostApplication
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        LocalSettings.AddTo(builder.Configuration, builder.Environment.ContentRootPath);
        configure?.Invoke(builder);

        var port = builder.Configuration.GetValue("Host:LocalHttpPort", 7071);
        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
        {
            builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}"));
        }

        var catalog = AppFunctionCatalog.ForApp();
        var hostJson = HostJson.Load(builder.Configuration, builder.Environment.ContentRootPath);
        builder.AddLeadFunctions();
        AddFunctionsHost(builder.Services, catalog, hostJson);
        AddPlatformCors(builder.Services);

        var app = builder.Build();
        app.UseCors();
        app.MapFunctions(catalog, hostJson.RoutePrefix);
        return app;
    }

    /// <summary>What the Functions host provides for the app's functions: invocation, keys, triggers, the admin API.</summary>
    private static void AddFunctionsHost(IServiceCollection services, AppFunctionCatalog catalog, HostJson hostJson)
    {
        services.AddMvcCore();
        services.AddValidatedSettings<LocalHostOptions>(LocalHostOptions.SectionName);
        services.AddSingleton(catalog);
        services.AddSingleton(hostJson);
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton(provider => new QueueFunctionDispatcher(provider.GetRequiredService<FunctionInvoker>(), catalog));
        services.AddSingleton<FunctionKeyFilter>();
        services.Replace(ServiceDescriptor.Singleton<IClientAddressSource, TrustedProxyClientAddressSource>());
        services.AddSingleton<TriggerHost>();
        services.AddHostedService(provider => provider.GetRequiredService<TriggerHost>());
    }

    /// <summary>The Function App's CORS (platform CORS in Azure, set by the Bicep to Capture__AllowedOrigins) covers every route.</summary>
    private static void AddPlatformCors(IServiceCollection services)
    {
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CaptureOptions>>((cors, capture) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. capture.Value.AllowedOriginList])
                .AllowAnyMethod()
                .AllowAnyHeader()));
    }
}
