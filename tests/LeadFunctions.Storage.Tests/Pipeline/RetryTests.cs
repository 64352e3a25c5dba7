using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests.Pipeline;

[Collection(AzuriteTests.Name)]
public sealed class RetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_table_upsert_answered_503_twice_succeeds_on_the_third_attempt()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        using var handler = new FailFirstRequestsHandler(failures: 2, HttpStatusCode.ServiceUnavailable);
        var options = StorageFactory.FastRetries(new TableClientOptions { Transport = new HttpClientTransport(handler) });
        TableClient faulty = StorageFactory.Tables(azurite, options).GetTableClient(table.Name);

        Response response = await faulty.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });

        Assert.Equal(204, response.Status);
        Assert.Equal(3, handler.Attempts);
        Assert.Equal(1, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("V"));
    }

    [Fact]
    public async Task A_queue_send_whose_connection_resets_twice_succeeds_on_the_third_attempt()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);
        var reset = new ResetFirstAttemptsPolicy(failures: 2);
        var options = StorageFactory.FastRetries(new QueueClientOptions());
        options.AddPolicy(reset, HttpPipelinePosition.PerRetry);
        QueueClient faulty = StorageFactory.Queues(azurite, options).GetQueueClient(queue.Name);

        Response<SendReceipt> receipt = await faulty.SendMessageAsync("hello");

        Assert.Equal(3, reset.Attempts);
        PeekedMessage[] messages = (await queue.PeekMessagesAsync(32)).Value;
        Assert.Equal(receipt.Value.MessageId, Assert.Single(messages).MessageId);
    }

    [Fact]
    public async Task Retries_give_up_after_MaxRetries_with_the_last_status()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        using var handler = new FailFirstRequestsHandler(failures: 100, HttpStatusCode.ServiceUnavailable);
        var options = StorageFactory.FastRetries(new TableClientOptions { Transport = new HttpClientTransport(handler) });
        options.Retry.MaxRetries = 2;
        TableClient faulty = StorageFactory.Tables(azurite, options).GetTableClient(table.Name);

        var exception = await Assert.ThrowsAsync<RequestFailedException>(() => faulty.GetEntityAsync<TableEntity>("p", "r"));

        Assert.Equal(503, exception.Status);
        Assert.Equal(3, handler.Attempts);
    }

    [Fact]
    public async Task A_404_is_not_retried()
    {
        TableClient table = await StorageFactory.NewTableAsync(azurite);
        var options = RequestCounter.AddTo(StorageFactory.FastRetries(new TableClientOptions()), out RequestCounter counter);
        TableClient counted = StorageFactory.Tables(azurite, options).GetTableClient(table.Name);

        await Assert.ThrowsAsync<RequestFailedException>(() => counted.GetEntityAsync<TableEntity>("p", "missing"));

        Assert.Equal(1, counter.Count);
    }
}
