using LeadFunctions.Email;
using LeadFunctions.Http;
using LeadFunctions.Infrastructure;
using LeadFunctions.Webhooks;
using Microsoft.Extensions.Hosting;

namespace LeadFunctions.FunctionApp;

/// <summary>
/// The composition root both hosts call, one line per layer (it lives in the app, the one project that knows every
/// layer; the local host references the app): <c>FunctionsApplication.CreateBuilder(args)
/// .AddLeadFunctions()</c> in the Functions app, <c>WebApplication.CreateBuilder(args).AddLeadFunctions()</c> in the
/// local host.
/// </summary>
public static class LeadFunctionsComposition
{
    public static IHostApplicationBuilder AddLeadFunctions(this IHostApplicationBuilder builder) => builder
        .AddRequestLogLevels()
        .AddLeadUseCases()
        .AddLeadStorage()
        .AddSalesEmail()
        .AddWebhooks()
        .AddHttpEndpoints();
}
