using Azure;
using LeadFunctions.Storage.Authentication;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tables;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests.Authentication;

[Collection(AzuriteTests.Name)]
public sealed class SharedKeyAuthorizationTests(AzuriteFixture azurite)
{
    private static readonly string s_wrongKey = Convert.ToBase64String(new byte[64]);
    private static readonly string[] s_authorizationErrorCodes = ["AuthenticationFailed", "AuthorizationFailure"];

    [Fact]
    public async Task Table_requests_signed_with_the_account_key_are_accepted()
    {
        var service = new TableServiceClient(azurite.TableEndpoint, new StorageSharedKeyCredential(AzuriteFixture.AccountName, AzuriteFixture.AccountKey));
        TableClient table = service.GetTableClient(StorageFactory.TableName());

        await service.CreateTableIfNotExistsAsync(table.Name);
        await table.UpsertEntityAsync(new TableEntity("p", "r"));
        Response deleted = await service.DeleteTableAsync(table.Name);

        Assert.Equal(204, deleted.Status);
    }

    [Fact]
    public async Task Queue_requests_with_query_parameters_signed_with_the_account_key_are_accepted()
    {
        var service = new QueueServiceClient(azurite.QueueEndpoint, new StorageSharedKeyCredential(AzuriteFixture.AccountName, AzuriteFixture.AccountKey));
        QueueClient queue = service.GetQueueClient(StorageFactory.QueueName());

        await queue.CreateIfNotExistsAsync(new Dictionary<string, string> { ["owner"] = "tests" });
        await queue.SendMessageAsync("m", visibilityTimeout: TimeSpan.Zero, timeToLive: TimeSpan.FromMinutes(5));
        QueueMessage message = Assert.Single((await queue.ReceiveMessagesAsync(maxMessages: 5, visibilityTimeout: TimeSpan.FromSeconds(30))).Value);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        QueueProperties properties = (await queue.GetPropertiesAsync()).Value;

        Assert.Equal("tests", properties.Metadata["owner"]);
    }

    [Fact]
    public async Task A_table_request_signed_with_a_wrong_key_is_rejected_403_with_the_error_code()
    {
        var service = new TableServiceClient(azurite.TableEndpoint, new StorageSharedKeyCredential(AzuriteFixture.AccountName, s_wrongKey));

        var exception = await Assert.ThrowsAsync<RequestFailedException>(() => service.CreateTableIfNotExistsAsync(StorageFactory.TableName()));

        // Azurite's Table emulator reports AuthorizationFailure where the Queue emulator reports AuthenticationFailed.
        Assert.Equal(403, exception.Status);
        Assert.Contains(exception.ErrorCode, s_authorizationErrorCodes);
        Assert.Contains("ErrorCode: " + exception.ErrorCode, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedKey " + AzuriteFixture.AccountName + ":", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_queue_request_signed_with_a_wrong_key_is_rejected_403_with_the_error_code()
    {
        var service = new QueueServiceClient(azurite.QueueEndpoint, new StorageSharedKeyCredential(AzuriteFixture.AccountName, s_wrongKey));

        var exception = await Assert.ThrowsAsync<RequestFailedException>(() => service.GetQueueClient("anything").ExistsAsync());

        Assert.Equal(403, exception.Status);
        Assert.Equal("AuthenticationFailed", exception.ErrorCode);
    }
}
