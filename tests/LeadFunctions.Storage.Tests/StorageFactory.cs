using Azure.Core;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests;

/// <summary>Clients for an Azurite fixture, and unique resource names so that tests never share state.</summary>
internal static class StorageFactory
{
    public static TableServiceClient Tables(AzuriteFixture azurite, TableClientOptions? options = null) =>
        new(azurite.ConnectionString, options ?? FastRetries(new TableClientOptions()));

    public static QueueServiceClient Queues(AzuriteFixture azurite, QueueClientOptions? options = null) =>
        new(azurite.ConnectionString, options ?? FastRetries(new QueueClientOptions()));

    public static async Task<TableClient> NewTableAsync(AzuriteFixture azurite, TableClientOptions? options = null)
    {
        TableClient table = Tables(azurite, options).GetTableClient(TableName());
        await table.CreateIfNotExistsAsync();
        return table;
    }

    public static async Task<QueueClient> NewQueueAsync(AzuriteFixture azurite, QueueClientOptions? options = null)
    {
        QueueClient queue = Queues(azurite, options).GetQueueClient(QueueName());
        await queue.CreateIfNotExistsAsync();
        return queue;
    }

    public static string TableName() => "t" + Guid.NewGuid().ToString("N");

    public static string QueueName() => "q-" + Guid.NewGuid().ToString("N");

    /// <summary>Short back-off so that tests exercising retries stay fast.</summary>
    public static T FastRetries<T>(T options)
        where T : ClientOptions
    {
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
