using Azure;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests.Testing;

/// <summary>A collection with an Azurite of its own, which its tests stop and restart.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteOutageTestGroup : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite outages";
}

/// <summary>Stops and restarts its own Azurite (see <see cref="AzuriteOutageTestGroup"/>), so the shared one is undisturbed.</summary>
[Collection(AzuriteOutageTestGroup.Name)]
public sealed class AzuriteOutageTests(AzuriteFixture azurite)
{
    private readonly AzuriteFixture _azurite = azurite;

    [Fact]
    public async Task An_operation_retried_across_a_short_outage_succeeds_once_storage_is_back()
    {
        var options = new QueueClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxRetries = 20;
        QueueClient queue = StorageFactory.Queues(_azurite, options).GetQueueClient(StorageFactory.QueueName());

        await _azurite.StopAsync();
        Task<Response?> create = queue.CreateIfNotExistsAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        bool completedWhileDown = create.IsCompleted;
        await _azurite.StartAsync();
        Response? created = await create.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(completedWhileDown);
        Assert.True(_azurite.IsRunning);
        Assert.Equal(201, created?.Status);
    }

    [Fact]
    public async Task A_restart_keeps_the_ports_but_loses_the_in_memory_data()
    {
        TableClient table = await StorageFactory.NewTableAsync(_azurite);
        await table.AddEntityAsync(new TableEntity("p", "r"));
        Uri endpointBefore = _azurite.TableEndpoint;

        await _azurite.RestartAsync();
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("p", "r"));

        Assert.Equal(endpointBefore, _azurite.TableEndpoint);
        Assert.Equal(404, missing.Status);
        Assert.Equal("TableNotFound", missing.ErrorCode);
    }
}
