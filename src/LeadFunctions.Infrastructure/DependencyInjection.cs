using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Storage.Connection;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The storage connection's setting: the Functions host's own (a connection string, or __tableServiceUri etc.).</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>The queue name's setting (the app binds <c>%RescoreQueueName%</c>).</summary>
    public const string RescoreQueueSetting = "RescoreQueueName";

    /// <summary>Registers the lead store (Tables) and the rescore queue (Queues) on the AzureWebJobsStorage account.</summary>
    public static IServiceCollection AddLeadStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(_ => StorageConnection.FromConfiguration(configuration, ConnectionName));
        services.AddSingleton<TableAvailability>();
        services.AddSingleton(provider =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(provider.GetRequiredService<TableAvailability>().CreatePolicy(), Azure.Core.HttpPipelinePosition.PerCall);
            return provider.GetRequiredService<StorageConnection>().CreateTableServiceClient(options);
        });
        services.AddSingleton(provider => provider.GetRequiredService<StorageConnection>().CreateQueueServiceClient());
        services.AddSingleton<TableLeadStore>();
        services.AddSingleton<ILeadStore>(provider => provider.GetRequiredService<TableLeadStore>());
        services.AddSingleton<IRescoreQueue>(provider =>
        {
            var name = configuration[RescoreQueueSetting] is { Length: > 0 } queueName
                ? queueName
                : throw new OptionsValidationException(RescoreQueueSetting, typeof(string), [$"The setting '{RescoreQueueSetting}' is required."]);
            return new StorageRescoreQueue(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(name));
        });
        return services;
    }
}
