using System.Diagnostics;
using Azure;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tests.Pipeline;
using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests.Queues;

[Collection(AzuriteTests.Name)]
public sealed class QueueClientTests(AzuriteFixture azurite)
{
    private const string AwkwardText = "Zoë – 日本語 – 🙂 <tag attr=\"v\"> & &amp; ]]> 'quotes'\ttab\nnewline";

    [Fact]
    public async Task Text_with_non_ASCII_and_XML_special_characters_round_trips_base64_encoded()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);

        await queue.SendMessageAsync(AwkwardText);
        QueueMessage message = Assert.Single((await queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(AwkwardText, message.MessageText);
    }

    [Fact]
    public async Task Base64_messages_hold_the_base64_of_the_UTF8_text_as_the_Functions_trigger_expects()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);
        QueueClient raw = StorageFactory.Queues(azurite, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }).GetQueueClient(queue.Name);

        await queue.SendMessageAsync(AwkwardText);
        PeekedMessage onTheWire = Assert.Single((await raw.PeekMessagesAsync()).Value);

        Assert.Equal(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(AwkwardText)), onTheWire.MessageText);
    }

    [Fact]
    public async Task Text_with_XML_special_characters_round_trips_without_encoding()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });

        await queue.SendMessageAsync(AwkwardText);
        PeekedMessage peeked = Assert.Single((await queue.PeekMessagesAsync()).Value);

        Assert.Equal(AwkwardText, peeked.MessageText);
    }

    [Fact]
    public async Task Binary_bodies_round_trip_base64_encoded()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);
        byte[] bytes = [.. Enumerable.Range(0, 256).Select(i => (byte)i)];

        await queue.SendMessageAsync(new BinaryData(bytes));
        QueueMessage message = Assert.Single((await queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(bytes, message.Body.ToArray());
    }

    [Fact]
    public async Task A_message_of_exactly_64_KiB_once_encoded_is_accepted_and_one_byte_more_is_rejected_before_sending()
    {
        var options = RequestCounter.AddTo(new QueueClientOptions(), out RequestCounter counter);
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite, options);
        byte[] atLimit = new byte[48 * 1024]; // base64: 65,536 characters
        Random.Shared.NextBytes(atLimit);
        int before = counter.Count;

        var tooLarge = Assert.Throws<ArgumentException>(() => { _ = queue.SendMessageAsync(new BinaryData(new byte[atLimit.Length + 1])); });
        int afterRejection = counter.Count;
        await queue.SendMessageAsync(new BinaryData(atLimit));
        QueueMessage received = Assert.Single((await queue.ReceiveMessagesAsync()).Value);

        Assert.Equal(before, afterRejection);
        Assert.Contains("64 KiB", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal(atLimit, received.Body.ToArray());
    }

    [Fact]
    public async Task Without_encoding_the_limit_applies_to_the_UTF8_text()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        string atLimit = new('<', 64 * 1024);

        await queue.SendMessageAsync(atLimit);
        PeekedMessage peeked = Assert.Single((await queue.PeekMessagesAsync()).Value);

        Assert.Equal(atLimit, peeked.MessageText);
        Assert.Throws<ArgumentException>(() => { _ = queue.SendMessageAsync(atLimit[..^1] + "é"); });
    }

    [Fact]
    public async Task The_dequeue_count_increments_when_a_message_is_received_again_after_its_visibility_timeout()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);
        await queue.SendMessageAsync("again");

        QueueMessage first = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromSeconds(1))).Value);
        QueueMessage second = await ReceiveWithinAsync(queue, TimeSpan.FromSeconds(10));

        Assert.Equal(1, first.DequeueCount);
        Assert.Equal(2, second.DequeueCount);
        Assert.Equal(first.MessageId, second.MessageId);
        Assert.NotEqual(first.PopReceipt, second.PopReceipt);
    }

    [Fact]
    public async Task Peeking_does_not_dequeue_or_count()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);
        await queue.SendMessageAsync("peek");

        PeekedMessage first = Assert.Single((await queue.PeekMessagesAsync()).Value);
        PeekedMessage second = Assert.Single((await queue.PeekMessagesAsync(maxMessages: 32)).Value);
        QueueMessage received = Assert.Single((await queue.ReceiveMessagesAsync()).Value);

        Assert.Equal((0L, 0L), (first.DequeueCount, second.DequeueCount));
        Assert.Equal(1, received.DequeueCount);
        Assert.Equal("peek", first.MessageText);
    }

    [Fact]
    public async Task Updating_a_message_returns_a_new_pop_receipt_and_the_old_one_stops_working()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);
        await queue.SendMessageAsync("before");
        QueueMessage received = Assert.Single((await queue.ReceiveMessagesAsync(visibilityTimeout: TimeSpan.FromMinutes(1))).Value);

        UpdateReceipt receipt = (await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, "after <&>", TimeSpan.Zero)).Value;
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));
        QueueMessage again = Assert.Single((await queue.ReceiveMessagesAsync()).Value);
        UpdateReceipt hidden = (await queue.UpdateMessageAsync(again.MessageId, again.PopReceipt, visibilityTimeout: TimeSpan.FromMinutes(5))).Value;
        QueueMessage[] whileHidden = (await queue.ReceiveMessagesAsync()).Value;
        await queue.DeleteMessageAsync(again.MessageId, hidden.PopReceipt);

        Assert.NotEqual(received.PopReceipt, receipt.PopReceipt);
        Assert.Equal(400, stale.Status);
        Assert.Equal("PopReceiptMismatch", stale.ErrorCode);
        Assert.Equal("after <&>", again.MessageText);
        Assert.Empty(whileHidden);
        Assert.True(hidden.NextVisibleOn > DateTimeOffset.UtcNow.AddMinutes(4));
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Sending_reports_the_receipt_and_honours_visibility_timeout_and_time_to_live()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);

        SendReceipt hidden = (await queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromMinutes(1))).Value;
        SendReceipt forever = (await queue.SendMessageAsync("forever", timeToLive: TimeSpan.FromSeconds(-1))).Value;
        QueueMessage[] visible = (await queue.ReceiveMessagesAsync(maxMessages: 32)).Value;

        Assert.False(string.IsNullOrEmpty(hidden.MessageId));
        Assert.False(string.IsNullOrEmpty(hidden.PopReceipt));
        Assert.True(hidden.TimeNextVisible >= hidden.InsertionTime.AddSeconds(59));
        Assert.True(forever.ExpirationTime > DateTimeOffset.UtcNow.AddYears(100));
        Assert.Equal("forever", Assert.Single(visible).MessageText);
    }

    [Fact]
    public async Task Properties_count_messages_and_clearing_removes_them_all()
    {
        QueueClient queue = await StorageFactory.NewQueueAsync(azurite);
        for (int i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync($"m{i}");
        }

        int before = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        await queue.ClearMessagesAsync();
        int after = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

        Assert.Equal((3, 0), (before, after));
        Assert.Empty((await queue.ReceiveMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Creating_deleting_and_checking_existence_are_idempotent()
    {
        QueueClient queue = StorageFactory.Queues(azurite).GetQueueClient(StorageFactory.QueueName());

        bool existedBefore = (await queue.ExistsAsync()).Value;
        Response? created = await queue.CreateIfNotExistsAsync();
        Response? createdAgain = await queue.CreateIfNotExistsAsync();
        bool existsNow = (await queue.ExistsAsync()).Value;
        bool deleted = (await queue.DeleteIfExistsAsync()).Value;
        bool deletedAgain = (await queue.DeleteIfExistsAsync()).Value;
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => queue.SendMessageAsync("nowhere"));

        Assert.False(existedBefore);
        Assert.Equal(201, created?.Status);
        Assert.Null(createdAgain);
        Assert.True(existsNow);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Equal(404, missing.Status);
        Assert.Equal("QueueNotFound", missing.ErrorCode);
    }

    [Fact]
    public async Task Receive_counts_outside_1_to_32_are_rejected_before_sending()
    {
        QueueClient queue = StorageFactory.Queues(azurite).GetQueueClient("never");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(maxMessages: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(maxMessages: 33));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.PeekMessagesAsync(maxMessages: 33));
    }

    private static async Task<QueueMessage> ReceiveWithinAsync(QueueClient queue, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            QueueMessage[] messages = (await queue.ReceiveMessagesAsync()).Value;
            if (messages.Length > 0)
            {
                return messages[0];
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No message became visible within {timeout}.");
    }
}
