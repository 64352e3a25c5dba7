using Azure.Core;
using Azure.Core.Pipeline;
using LeadFunctions.Storage.Authentication;
using LeadFunctions.Storage.Connection;

namespace LeadFunctions.Storage.Queues;

/// <summary>
/// The Queue service of one storage account. Create it once and share it: it owns one
/// <see cref="HttpPipeline"/> (pooled connections, retries, authorization) that every
/// <see cref="QueueClient"/> it hands out reuses. Thread-safe.
/// </summary>
public class QueueServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly QueueMessageEncoding _encoding;

    /// <summary>Creates a client from a storage connection string (see <see cref="StorageConnection.Parse"/>).</summary>
    public QueueServiceClient(string connectionString, QueueClientOptions? options = null)
        : this(StorageConnection.Parse(connectionString), options)
    {
    }

    /// <summary>Creates a client for <paramref name="serviceUri"/> authorized with Shared Key.</summary>
    public QueueServiceClient(Uri serviceUri, StorageSharedKeyCredential credential, QueueClientOptions? options = null)
        : this(serviceUri, credential?.AccountName, new QueueSharedKeyPolicy(credential ?? throw new ArgumentNullException(nameof(credential))), options)
    {
    }

    /// <summary>
    /// Creates a client for <paramref name="serviceUri"/> authorized with Microsoft Entra ID tokens
    /// (scope <c>https://storage.azure.com/.default</c>; the endpoint must be https).
    /// </summary>
    public QueueServiceClient(Uri serviceUri, TokenCredential credential, QueueClientOptions? options = null)
        : this(serviceUri, accountName: null, StoragePipeline.BearerToken(credential ?? throw new ArgumentNullException(nameof(credential))), options)
    {
    }

    /// <summary>Creates a client over <paramref name="connection"/>.</summary>
    public QueueServiceClient(StorageConnection connection, QueueClientOptions? options = null)
        : this(
            connection?.QueueServiceUri ?? throw new ArgumentException("The connection has no Queue endpoint.", nameof(connection)),
            connection.AccountName,
            connection.SharedKeyCredential is { } key ? new QueueSharedKeyPolicy(key) : StoragePipeline.BearerToken(connection.TokenCredential!),
            options)
    {
    }

    /// <summary>For test doubles and subclasses only.</summary>
    protected QueueServiceClient()
    {
        _pipeline = null!;
        Uri = null!;
    }

    private QueueServiceClient(Uri serviceUri, string? accountName, HttpPipelinePolicy authorization, QueueClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        options ??= new QueueClientOptions();
        Uri = serviceUri;
        AccountName = accountName;
        _encoding = options.MessageEncoding;
        _pipeline = StoragePipeline.Build(options, authorization);
    }

    /// <summary>The Queue service endpoint.</summary>
    public virtual Uri Uri { get; }

    /// <summary>The account name, when known.</summary>
    public virtual string? AccountName { get; }

    /// <summary>A client for <paramref name="queueName"/> sharing this client's pipeline (cheap; sends nothing).</summary>
    public virtual QueueClient GetQueueClient(string queueName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueName);
        return new QueueClient(_pipeline, new Uri(Uri.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(queueName)), queueName, AccountName, _encoding);
    }
}
