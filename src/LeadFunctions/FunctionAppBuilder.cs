using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.FunctionApp;

/// <summary>
/// The worker's composition: the ASP.NET Core integration, Application Insights and the shared composition root
/// (<c>AddLeadFunctions</c>, which also holds the per-request log categories at Warning: no token or key from a request's
/// address reaches the worker's logs). Program.cs builds and runs it; the tests build the very same host (only <c>Run</c> needs
/// the Functions host) and create every function from its services.
/// </summary>
public static class FunctionAppBuilder
{
    /// <param name="args">The worker's command line, as the Functions host passes it.</param>
    /// <param name="configure">
    /// Runs straight after the builder is created, before anything is registered (the tests add their settings here,
    /// as the local host's tests do).
    /// </param>
    public static FunctionsApplicationBuilder Create(string[] args, Action<FunctionsApplicationBuilder>? configure = null)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
        builder.AddLeadFunctions();
        return builder;
    }
}
