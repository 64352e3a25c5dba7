using System.Globalization;
using LeadFunctions.Http;
using LeadFunctions.Http.Capture;
using LeadFunctions.LocalHost.Functions;
using LeadFunctions.LocalHost.Http;
using LeadFunctions.LocalHost.Triggers;
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
        builder.Services.AddMvcCore();
        builder.Services.AddOptions<LocalHostOptions>()
            .BindConfiguration(LocalHostOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(hostJson);
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddSingleton(services => new QueueFunctionDispatcher(services.GetRequiredService<FunctionInvoker>(), catalog));
        builder.Services.AddSingleton<FunctionKeyFilter>();
        builder.Services.AddSingleton<TriggerHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TriggerHost>());

        // The Function App's CORS (platform CORS in Azure, set by the Bicep to Capture__AllowedOrigins) covers every route.
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CaptureOptions>>((cors, capture) => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. capture.Value.AllowedOriginList])
                .AllowAnyMethod()
                .AllowAnyHeader()));

        var app = builder.Build();
        app.UseCors();
        app.MapFunctions(catalog, hostJson.RoutePrefix);
        return app;
    }
}
