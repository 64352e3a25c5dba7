using System.Globalization;
using LeadFunctions.Http;
using LeadFunctions.Http.Capture;
using LeadFunctions.LocalHost.Http;
using LeadFunctions.LocalHost.Triggers;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost;

/// <summary>Builds the local host: the shared composition root, plus what the Functions host would provide.</summary>
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

        builder.AddLeadFunctions();
        builder.Services.AddMvcCore();
        builder.Services.AddOptions<LocalHostOptions>()
            .BindConfiguration(LocalHostOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<FunctionKeyFilter>();
        builder.Services.AddSingleton<TriggerHost>();
        builder.Services.AddHostedService(services => services.GetRequiredService<TriggerHost>());
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<IOptions<CaptureOptions>>((cors, capture) => cors.AddPolicy(LocalFunctions.CorsPolicy, policy => policy
                .WithOrigins([.. capture.Value.AllowedOriginList])
                .WithMethods("POST")
                .WithHeaders("Content-Type")));

        var app = builder.Build();
        app.UseCors();
        app.MapFunctions();
        return app;
    }
}
