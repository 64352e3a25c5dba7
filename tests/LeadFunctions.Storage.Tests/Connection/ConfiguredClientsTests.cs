using LeadFunctions.Storage.Connection;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.Storage.Tests.Connection;

[Collection(AzuriteTests.Name)]
public sealed class ConfiguredClientsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Clients_built_from_an_AzureWebJobsStorage_setting_talk_to_the_configured_account()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString })
            .Build();
        StorageConnection connection = StorageConnection.FromConfiguration(configuration, "AzureWebJobsStorage");

        TableClient table = connection.CreateTableServiceClient().GetTableClient(StorageFactory.TableName());
        QueueClient queue = connection.CreateQueueServiceClient().GetQueueClient(StorageFactory.QueueName());
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("configured");

        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
        Assert.Equal("configured", Assert.Single((await queue.PeekMessagesAsync()).Value).MessageText);
    }
}
