using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using LeadFunctions.Storage.Authentication;
using LeadFunctions.Storage.Connection;

namespace LeadFunctions.Storage.Queues;

/// <summary>
/// One queue: create and delete it, send, receive, peek, update and delete messages. Obtain it from
/// <see cref="QueueServiceClient.GetQueueClient"/> to share the service client's pipeline. Thread-safe.
/// </summary>
/// <remarks>
/// <para>Every operation is retried by the pipeline on transient faults (408, 429, 500, 502, 503, 504, I/O
/// errors and network timeouts) with exponential back-off (<see cref="ClientOptions.Retry"/>). That is safe for
/// everything but <see cref="SendMessageAsync(string, TimeSpan?, TimeSpan?, CancellationToken)"/>: a send whose
/// response was lost is sent again, so the queue may hold the message twice. Queue delivery is at-least-once
/// anyway (a message whose handler fails or times out is received again), so consumers must be idempotent.</para>
/// <para>Failures throw <see cref="RequestFailedException"/> with <see cref="RequestFailedException.Status"/>
/// and the service's <see cref="RequestFailedException.ErrorCode"/> (for example 404 <c>QueueNotFound</c>,
/// 400 <c>PopReceiptMismatch</c> for a stale pop receipt).</para>
/// </remarks>
public class QueueClient
{
    private const int MaxMessagesPerReceive = 32;
    private const string XmlContent = "application/xml; charset=utf-8";
    private static readonly TimeSpan s_maxVisibilityTimeout = TimeSpan.FromDays(7);

    private readonly HttpPipeline _pipeline;
    private readonly QueueMessageEncoding _encoding;

    /// <summary>Creates a client from a storage connection string (see <see cref="StorageConnection.Parse"/>).</summary>
    public QueueClient(string connectionString, string queueName, QueueClientOptions? options = null)
        : this(new QueueServiceClient(connectionString, options).GetQueueClient(queueName))
    {
    }

    /// <summary>Creates a client for the queue at <paramref name="queueUri"/> (service URI plus queue name), authorized with Shared Key.</summary>
    public QueueClient(Uri queueUri, StorageSharedKeyCredential credential, QueueClientOptions? options = null)
        : this(new QueueServiceClient(ServiceUri(queueUri), credential, options).GetQueueClient(QueueName(queueUri)))
    {
    }

    /// <summary>Creates a client for the queue at <paramref name="queueUri"/>, authorized with tokens.</summary>
    public QueueClient(Uri queueUri, TokenCredential credential, QueueClientOptions? options = null)
        : this(new QueueServiceClient(ServiceUri(queueUri), credential, options).GetQueueClient(QueueName(queueUri)))
    {
    }

    /// <summary>For test doubles and subclasses only.</summary>
    protected QueueClient()
    {
        _pipeline = null!;
        Uri = null!;
        Name = null!;
    }

    internal QueueClient(HttpPipeline pipeline, Uri queueUri, string name, string? accountName, QueueMessageEncoding encoding)
    {
        _pipeline = pipeline;
        _encoding = encoding;
        Uri = queueUri;
        Name = name;
        AccountName = accountName;
    }

    private QueueClient(QueueClient other)
        : this(other._pipeline, other.Uri, other.Name, other.AccountName, other._encoding)
    {
    }

    /// <summary>The queue name.</summary>
    public virtual string Name { get; }

    /// <summary>The queue's URI.</summary>
    public virtual Uri Uri { get; }

    /// <summary>The account name, when known.</summary>
    public virtual string? AccountName { get; }

    /// <summary>The largest message text the service accepts: 65,536 bytes of UTF-8 after encoding.</summary>
    public virtual int MessageMaxBytes => QueueMessageXml.MaxMessageBytes;

    /// <summary>
    /// Creates the queue unless it exists. Returns the 201 response when it was created, null when it already
    /// existed (as the official SDK does). Idempotent, so retries are safe.
    /// </summary>
    public virtual async Task<Response?> CreateIfNotExistsAsync(IDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Put, "");
        if (metadata is not null)
        {
            foreach (KeyValuePair<string, string> pair in metadata)
            {
                message.Request.Headers.SetValue(StorageHeaders.MetadataPrefix + pair.Key, pair.Value);
            }
        }

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status switch
        {
            201 => response,
            204 => null,
            409 when ErrorCode(response) == "QueueAlreadyExists" => null,
            _ => throw Failed(response),
        };
    }

    /// <summary>Deletes the queue and its messages; true when it existed. Idempotent, so retries are safe.</summary>
    public virtual async Task<Response<bool>> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Delete, "");
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status switch
        {
            204 => Response.FromValue(true, response),
            404 => Response.FromValue(false, response),
            _ => throw Failed(response),
        };
    }

    /// <summary>Whether the queue exists.</summary>
    public virtual async Task<Response<bool>> ExistsAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Get, "");
        message.Request.Uri.AppendQuery("comp", "metadata", escapeValue: false);
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status switch
        {
            200 => Response.FromValue(true, response),
            404 => Response.FromValue(false, response),
            _ => throw Failed(response),
        };
    }

    /// <summary>The queue's approximate message count and metadata. Throws 404 <c>QueueNotFound</c> when missing.</summary>
    public virtual async Task<Response<QueueProperties>> GetPropertiesAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Get, "");
        message.Request.Uri.AppendQuery("comp", "metadata", escapeValue: false);
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status != 200)
        {
            throw Failed(response);
        }

        response.Headers.TryGetValue(StorageHeaders.ApproximateMessagesCount, out string? count);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (HttpHeader header in response.Headers)
        {
            if (header.Name.StartsWith(StorageHeaders.MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[StorageHeaders.MetadataPrefix.Length..]] = header.Value;
            }
        }

        int approximateCount = int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) ? parsed : 0;
        return Response.FromValue(new QueueProperties(approximateCount, metadata), response);
    }

    /// <summary>
    /// Sends a message (encoded per <see cref="QueueClientOptions.MessageEncoding"/>).
    /// </summary>
    /// <param name="messageText">The text; at most 64 KiB once encoded (base64 grows it by a third).</param>
    /// <param name="visibilityTimeout">Hide the message this long first (0 to 7 days; default 0).</param>
    /// <param name="timeToLive">Expire after this long (default 7 days); <c>TimeSpan.FromSeconds(-1)</c> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> for never.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ArgumentException">The encoded message exceeds 64 KiB (checked before sending).</exception>
    /// <remarks>
    /// Retried on transient faults, so a send whose response was lost can enqueue the message twice:
    /// consumers must be idempotent (they must be anyway: delivery is at-least-once).
    /// </remarks>
    public virtual Task<Response<SendReceipt>> SendMessageAsync(
        string messageText,
        TimeSpan? visibilityTimeout = null,
        TimeSpan? timeToLive = null,
        CancellationToken cancellationToken = default) =>
        SendCoreAsync(QueueMessageXml.CreateBody(messageText, _encoding), visibilityTimeout, timeToLive, cancellationToken);

    /// <summary>Sends a message from bytes; see <see cref="SendMessageAsync(string, TimeSpan?, TimeSpan?, CancellationToken)"/>.</summary>
    public virtual Task<Response<SendReceipt>> SendMessageAsync(
        BinaryData message,
        TimeSpan? visibilityTimeout = null,
        TimeSpan? timeToLive = null,
        CancellationToken cancellationToken = default) =>
        SendCoreAsync(QueueMessageXml.CreateBody(message, _encoding), visibilityTimeout, timeToLive, cancellationToken);

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> messages (1 to 32; default 1), hiding them for
    /// <paramref name="visibilityTimeout"/> (1 s to 7 days; default 30 s). Each receive increments a message's
    /// <see cref="QueueMessage.DequeueCount"/>; delete it once handled or it becomes visible again.
    /// An empty array means the queue had no visible message.
    /// </summary>
    public virtual async Task<Response<QueueMessage[]>> ReceiveMessagesAsync(
        int? maxMessages = null,
        TimeSpan? visibilityTimeout = null,
        CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Get, "/messages");
        AppendMaxMessages(message, maxMessages);
        if (visibilityTimeout is TimeSpan timeout)
        {
            AppendSeconds(message, "visibilitytimeout", Seconds(timeout, TimeSpan.FromSeconds(1), s_maxVisibilityTimeout, nameof(visibilityTimeout)));
        }

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status != 200)
        {
            throw Failed(response);
        }

        return Response.FromValue(QueueMessageXml.ReadMessages(response.Content.ToMemory().Span, _encoding).ToArray(), response);
    }

    /// <summary>Receives one message, or a null value when none is visible.</summary>
    public virtual async Task<Response<QueueMessage?>> ReceiveMessageAsync(TimeSpan? visibilityTimeout = null, CancellationToken cancellationToken = default)
    {
        Response<QueueMessage[]> response = await ReceiveMessagesAsync(1, visibilityTimeout, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Value.FirstOrDefault(), response.GetRawResponse());
    }

    /// <summary>
    /// Looks at up to <paramref name="maxMessages"/> messages (1 to 32; default 1) from the front of the queue
    /// without dequeuing them: visibility and dequeue counts do not change.
    /// </summary>
    public virtual async Task<Response<PeekedMessage[]>> PeekMessagesAsync(int? maxMessages = null, CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Get, "/messages");
        message.Request.Uri.AppendQuery("peekonly", "true", escapeValue: false);
        AppendMaxMessages(message, maxMessages);

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status != 200)
        {
            throw Failed(response);
        }

        return Response.FromValue(QueueMessageXml.ReadPeekedMessages(response.Content.ToMemory().Span, _encoding).ToArray(), response);
    }

    /// <summary>
    /// Deletes a received message. Throws 400 <c>PopReceiptMismatch</c> when the pop receipt is stale (the
    /// message became visible and was received again, or was updated) and 404 <c>MessageNotFound</c> when the
    /// message is gone. Idempotent in effect: a retry after a lost response gets that 404, which callers may
    /// treat as success.
    /// </summary>
    public virtual async Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        using HttpMessage message = CreateMessage(RequestMethod.Delete, "/messages/");
        message.Request.Uri.AppendPath(messageId, escape: true);
        message.Request.Uri.AppendQuery("popreceipt", popReceipt, escapeValue: true);

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status == 204 ? response : throw Failed(response);
    }

    /// <summary>
    /// Changes a received message's visibility (0 s to 7 days from now) and, when <paramref name="messageText"/>
    /// is given, its content. Returns the new pop receipt: the old one stops working.
    /// </summary>
    public virtual Task<Response<UpdateReceipt>> UpdateMessageAsync(
        string messageId,
        string popReceipt,
        string? messageText = null,
        TimeSpan visibilityTimeout = default,
        CancellationToken cancellationToken = default) =>
        UpdateCoreAsync(messageId, popReceipt, messageText is null ? null : QueueMessageXml.CreateBody(messageText, _encoding), visibilityTimeout, cancellationToken);

    /// <summary>
    /// Changes a received message's visibility and, when <paramref name="message"/> is not null, its content.
    /// Returns the new pop receipt.
    /// </summary>
    public virtual Task<Response<UpdateReceipt>> UpdateMessageAsync(
        string messageId,
        string popReceipt,
        BinaryData? message,
        TimeSpan visibilityTimeout = default,
        CancellationToken cancellationToken = default) =>
        UpdateCoreAsync(messageId, popReceipt, message is null ? null : QueueMessageXml.CreateBody(message, _encoding), visibilityTimeout, cancellationToken);

    /// <summary>Deletes every message in the queue.</summary>
    public virtual async Task<Response> ClearMessagesAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Delete, "/messages");
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status == 204 ? response : throw Failed(response);
    }

    private async Task<Response<SendReceipt>> SendCoreAsync(
        RequestContent body,
        TimeSpan? visibilityTimeout,
        TimeSpan? timeToLive,
        CancellationToken cancellationToken)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Post, "/messages");
        if (visibilityTimeout is TimeSpan visibility)
        {
            AppendSeconds(message, "visibilitytimeout", Seconds(visibility, TimeSpan.Zero, s_maxVisibilityTimeout, nameof(visibilityTimeout)));
        }

        if (timeToLive is TimeSpan ttl)
        {
            long seconds = ttl == Timeout.InfiniteTimeSpan || ttl == TimeSpan.FromSeconds(-1)
                ? -1
                : Seconds(ttl, TimeSpan.FromSeconds(1), TimeSpan.MaxValue, nameof(timeToLive));
            AppendSeconds(message, "messagettl", seconds);
        }

        message.Request.Headers.SetValue(StorageHeaders.ContentType, XmlContent);
        message.Request.Content = body;

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status != 201)
        {
            throw Failed(response);
        }

        return Response.FromValue(QueueMessageXml.ReadSendReceipt(response.Content.ToMemory().Span), response);
    }

    private async Task<Response<UpdateReceipt>> UpdateCoreAsync(
        string messageId,
        string popReceipt,
        RequestContent? body,
        TimeSpan visibilityTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        long seconds = Seconds(visibilityTimeout, TimeSpan.Zero, s_maxVisibilityTimeout, nameof(visibilityTimeout));

        using HttpMessage message = CreateMessage(RequestMethod.Put, "/messages/");
        message.Request.Uri.AppendPath(messageId, escape: true);
        message.Request.Uri.AppendQuery("popreceipt", popReceipt, escapeValue: true);
        AppendSeconds(message, "visibilitytimeout", seconds);
        if (body is not null)
        {
            message.Request.Headers.SetValue(StorageHeaders.ContentType, XmlContent);
            message.Request.Content = body;
        }

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status != 204)
        {
            throw Failed(response);
        }

        if (!response.Headers.TryGetValue(StorageHeaders.PopReceipt, out string? newReceipt)
            || !response.Headers.TryGetValue(StorageHeaders.TimeNextVisible, out string? nextVisible))
        {
            throw new RequestFailedException(response.Status, "The Queue service did not return the updated message's pop receipt.");
        }

        return Response.FromValue(new UpdateReceipt(newReceipt, QueueMessageXml.ParseDate(nextVisible)), response);
    }

    private HttpMessage CreateMessage(RequestMethod method, string pathSuffix)
    {
        HttpMessage message = _pipeline.CreateMessage();
        Request request = message.Request;
        request.Method = method;
        request.Uri.Reset(Uri);
        if (pathSuffix.Length > 0)
        {
            request.Uri.AppendPath(pathSuffix, escape: false);
        }

        request.Headers.SetValue(StorageHeaders.Version, QueueClientOptions.ServiceVersion);
        return message;
    }

    /// <summary>Sends through the pipeline; not an async method itself, so an operation costs one state machine.</summary>
    private ValueTask SendAsync(HttpMessage message, CancellationToken cancellationToken) => _pipeline.SendAsync(message, cancellationToken);

    private static void AppendMaxMessages(HttpMessage message, int? maxMessages)
    {
        if (maxMessages is int count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(maxMessages));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxMessagesPerReceive, nameof(maxMessages));
            message.Request.Uri.AppendQuery("numofmessages", count.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        }
    }

    private static void AppendSeconds(HttpMessage message, string name, long seconds) =>
        message.Request.Uri.AppendQuery(name, seconds.ToString(CultureInfo.InvariantCulture), escapeValue: false);

    private static long Seconds(TimeSpan value, TimeSpan minimum, TimeSpan maximum, string parameterName)
    {
        if (value < minimum || value > maximum)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"Must be between {minimum} and {maximum}.");
        }

        return (long)value.TotalSeconds;
    }

    private static Uri ServiceUri(Uri queueUri)
    {
        ArgumentNullException.ThrowIfNull(queueUri);
        string text = queueUri.AbsoluteUri.TrimEnd('/');
        return new Uri(text[..text.LastIndexOf('/')]);
    }

    private static string QueueName(Uri queueUri) => Uri.UnescapeDataString(queueUri.AbsoluteUri.TrimEnd('/').Split('/')[^1]);

    private static string? ErrorCode(Response response) => StorageRequestFailedDetailsParser.ErrorOf(response)?.Code;

    private static RequestFailedException Failed(Response response) =>
        new(response, innerException: null, StorageRequestFailedDetailsParser.Shared);
}
