using LeadFunctions.Email;
using LeadFunctions.Infrastructure;
using LeadFunctions.Webhooks;
using Microsoft.Extensions.Hosting;

namespace LeadFunctions.Http;

/// <summary>
/// The composition root both hosts call, one line per layer: <c>FunctionsApplication.CreateBuilder(args)
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
