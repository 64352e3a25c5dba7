using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LeadFunctions.Backtesting;
using LeadFunctions.Diagnostics;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.ModelReviews;
using LeadFunctions.ModelVersions;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Reporting;
using LeadFunctions.Sales;
using LeadFunctions.Settings;
using LeadFunctions.Suggestions;
using LeadFunctions.Visitors;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LeadFunctions.Infrastructure;

/// <summary>
/// The storage adapters: the lead ports (each its own adapter over one <see cref="LeadTables"/>), the funnel counters,
/// the backtest and suggestion stores, the model registry and the model reviews on Azure Tables, the rescore, backtest
/// and suggestion queues on Azure Queues.
/// </summary>
public static class StorageRegistration
{
    /// <summary>The storage connection's setting: the Functions host's own (a connection string, or __tableServiceUri etc.).</summary>
    public const string ConnectionName = "AzureWebJobsStorage";

    /// <summary>The queue name's setting (the app binds <c>%RescoreQueueName%</c>).</summary>
    public const string RescoreQueueSetting = "RescoreQueueName";

    /// <summary>The backtest queue name's setting (the app binds <c>%BacktestQueueName%</c>).</summary>
    public const string BacktestQueueSetting = "BacktestQueueName";

    /// <summary>The suggestion queue name's setting (the app binds <c>%SuggestionQueueName%</c>).</summary>
    public const string SuggestionQueueSetting = "SuggestionQueueName";

    /// <summary>The rescore queue's binding expression, as the app's queue trigger names it.</summary>
    public const string RescoreQueueBinding = "%" + RescoreQueueSetting + "%";

    /// <summary>The backtest queue's binding expression, as the app's queue trigger names it.</summary>
    public const string BacktestQueueBinding = "%" + BacktestQueueSetting + "%";

    /// <summary>The backtest queue's poison queue (the host's <c>{queue}-poison</c>), as the app's trigger names it.</summary>
    public const string BacktestPoisonQueueBinding = BacktestQueueBinding + "-poison";

    /// <summary>The suggestion queue's binding expression, as the app's queue trigger names it.</summary>
    public const string SuggestionQueueBinding = "%" + SuggestionQueueSetting + "%";

    /// <summary>The suggestion queue's poison queue (the host's <c>{queue}-poison</c>), as the app's trigger names it.</summary>
    public const string SuggestionPoisonQueueBinding = SuggestionQueueBinding + "-poison";

    /// <summary>
    /// Registers the Azure SDK's table and queue service clients for the AzureWebJobsStorage account (once, with
    /// <c>AddAzureClients</c>), the lead tables with an adapter per port and the funnel counters they write, the backtest
    /// and suggestion stores, and the rescore, backtest and suggestion queues. The connection and the queue names are read
    /// now, so a missing or malformed setting stops the host at start with the setting's name.
    /// </summary>
    public static IHostApplicationBuilder AddLeadStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connection = StorageConnection.FromConfiguration(builder.Configuration, ConnectionName);
        var queueName = RequiredSetting(builder, RescoreQueueSetting);
        var backtestQueueName = RequiredSetting(builder, BacktestQueueSetting);
        var suggestionQueueName = RequiredSetting(builder, SuggestionQueueSetting);
        var services = builder.Services;
        services.AddValidatedSettings<StorageOptions>(StorageOptions.SectionName);

        AddStorageClients(services, connection);
        services.AddSingleton<TableFunnelStore>();
        services.AddSingleton<IFunnelCounterStore>(provider => provider.GetRequiredService<TableFunnelStore>());
        services.AddSingleton<LeadTables>();
        services.AddSingleton<ILeadRepository, TableLeadRepository>();
        services.AddSingleton<ILeadScoreStore, TableLeadScoreStore>();
        services.AddSingleton<IDecayReviewIndex, TableDecayReviewIndex>();
        services.AddSingleton<IHandoffOutbox, TableHandoffOutbox>();
        services.AddSingleton<ISalesActionStore, TableSalesActionStore>();
        services.AddSingleton<ILeadErasure, TableLeadErasure>();
        services.AddSingleton<IStorageHealth, TableStorageHealth>();
        services.AddSingleton<IVisitorStore, TableVisitorStore>();
        services.AddSingleton<IRescoreQueue>(provider =>
            new StorageRescoreQueue(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(queueName)));
        services.AddSingleton<IBacktestStore, TableBacktestStore>();
        services.AddSingleton<IModelRegistry, TableModelRegistry>();
        services.AddSingleton<IModelReviewStore, TableModelReviewStore>();
        services.AddSingleton<IBacktestQueue>(provider =>
            new StorageBacktestQueue(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(backtestQueueName)));
        services.AddSingleton<ISuggestionStore, TableSuggestionStore>();
        services.AddSingleton<ISuggestionQueue>(provider =>
            new StorageSuggestionQueue(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(suggestionQueueName)));
        return builder;
    }

    private static string RequiredSetting(IHostApplicationBuilder builder, string setting) =>
        builder.Configuration[setting] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The setting '{setting}' is required.");

    /// <summary>
    /// The SDK's table and queue service clients, once, with <c>AddAzureClients</c>: base64 queue messages (the queue
    /// trigger's encoding: a message in any other encoding ends in the poison queue), the table availability watch,
    /// the identity's credential for identity-based connections.
    /// </summary>
    private static void AddStorageClients(IServiceCollection services, StorageConnection connection)
    {
        var availability = new TableAvailability();
        services.AddSingleton(availability);
        services.AddAzureClients(clients =>
        {
            var tables = connection.ConnectionString is { } tableConnection
                ? clients.AddTableServiceClient(tableConnection)
                : clients.AddTableServiceClient(connection.TableServiceUri!);
            tables.ConfigureOptions(options =>
            {
                options.AddPolicy(availability.CreatePolicy(), HttpPipelinePosition.PerCall);
                WithoutRequestLogging(options);
            });

            var queues = connection.ConnectionString is { } queueConnection
                ? clients.AddQueueServiceClient(queueConnection)
                : clients.AddQueueServiceClient(connection.QueueServiceUri!);
            queues.ConfigureOptions(options =>
            {
                options.MessageEncoding = QueueMessageEncoding.Base64;
                WithoutRequestLogging(options);
            });
            if (connection.Credential is { } credential)
            {
                clients.UseCredential(credential);
            }
        });
    }

    /// <summary>
    /// No per-request log events: AddAzureClients forwards Azure.Core's event source to the app's loggers at Verbose,
    /// so the SDK would format every request's and response's headers (17 KB more allocated per capture, measured with the load benchmark)
    /// to have them dropped by the log filter. Failures reach the app's own logs with their exceptions; distributed
    /// tracing (dependencies in Application Insights) stays on.
    /// </summary>
    private static void WithoutRequestLogging(ClientOptions options) => options.Diagnostics.IsLoggingEnabled = false;
}
