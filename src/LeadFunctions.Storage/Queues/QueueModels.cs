namespace LeadFunctions.Storage.Queues;

/// <summary>A received message: delete it with <see cref="MessageId"/> and <see cref="PopReceipt"/> once handled.</summary>
public sealed class QueueMessage
{
    internal QueueMessage(string messageId, string popReceipt, BinaryData body, long dequeueCount, DateTimeOffset? nextVisibleOn, DateTimeOffset? insertedOn, DateTimeOffset? expiresOn)
    {
        MessageId = messageId;
        PopReceipt = popReceipt;
        Body = body;
        DequeueCount = dequeueCount;
        NextVisibleOn = nextVisibleOn;
        InsertedOn = insertedOn;
        ExpiresOn = expiresOn;
    }

    /// <summary>The message id.</summary>
    public string MessageId { get; }

    /// <summary>The receipt of this dequeue, needed to delete or update the message; changes on every update.</summary>
    public string PopReceipt { get; }

    /// <summary>The body, decoded according to <see cref="QueueClientOptions.MessageEncoding"/>.</summary>
    public BinaryData Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string MessageText => Body.ToString();

    /// <summary>How many times the message has been dequeued, this time included.</summary>
    public long DequeueCount { get; }

    /// <summary>When the message becomes visible again unless deleted.</summary>
    public DateTimeOffset? NextVisibleOn { get; }

    /// <summary>When the message was added.</summary>
    public DateTimeOffset? InsertedOn { get; }

    /// <summary>When the message expires.</summary>
    public DateTimeOffset? ExpiresOn { get; }

    /// <summary>This message with the pop receipt and visibility of an update.</summary>
    public QueueMessage Update(UpdateReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new QueueMessage(MessageId, receipt.PopReceipt, Body, DequeueCount, receipt.NextVisibleOn, InsertedOn, ExpiresOn);
    }
}

/// <summary>A message seen by peeking: not dequeued, so it has no pop receipt.</summary>
public sealed class PeekedMessage
{
    internal PeekedMessage(string messageId, BinaryData body, long dequeueCount, DateTimeOffset? insertedOn, DateTimeOffset? expiresOn)
    {
        MessageId = messageId;
        Body = body;
        DequeueCount = dequeueCount;
        InsertedOn = insertedOn;
        ExpiresOn = expiresOn;
    }

    /// <summary>The message id.</summary>
    public string MessageId { get; }

    /// <summary>The body, decoded according to <see cref="QueueClientOptions.MessageEncoding"/>.</summary>
    public BinaryData Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string MessageText => Body.ToString();

    /// <summary>How many times the message has been dequeued (peeking does not count).</summary>
    public long DequeueCount { get; }

    /// <summary>When the message was added.</summary>
    public DateTimeOffset? InsertedOn { get; }

    /// <summary>When the message expires.</summary>
    public DateTimeOffset? ExpiresOn { get; }
}

/// <summary>What the service returns for a sent message.</summary>
/// <param name="MessageId">The new message's id.</param>
/// <param name="PopReceipt">A pop receipt for deleting or updating the message before it is received.</param>
/// <param name="InsertionTime">When the message was added.</param>
/// <param name="ExpirationTime">When it expires.</param>
/// <param name="TimeNextVisible">When it becomes visible to receivers.</param>
public sealed record SendReceipt(string MessageId, string PopReceipt, DateTimeOffset InsertionTime, DateTimeOffset ExpirationTime, DateTimeOffset TimeNextVisible);

/// <summary>What the service returns for an updated message.</summary>
/// <param name="PopReceipt">The new pop receipt: the old one no longer works.</param>
/// <param name="NextVisibleOn">When the message becomes visible again.</param>
public sealed record UpdateReceipt(string PopReceipt, DateTimeOffset NextVisibleOn);

/// <summary>A queue's properties.</summary>
/// <param name="ApproximateMessagesCount">The approximate number of messages (may lag behind).</param>
/// <param name="Metadata">The queue's metadata.</param>
public sealed record QueueProperties(int ApproximateMessagesCount, IDictionary<string, string> Metadata);
