using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using LeadFunctions.Storage.Authentication;
using LeadFunctions.Storage.Connection;

namespace LeadFunctions.Storage.Tables;

/// <summary>
/// The Table service of one storage account. Create it once and share it: it owns one
/// <see cref="HttpPipeline"/> (pooled connections, retries, authorization) that every
/// <see cref="TableClient"/> it hands out reuses. Thread-safe.
/// </summary>
public class TableServiceClient
{
    private readonly HttpPipeline _pipeline;

    /// <summary>Creates a client from a storage connection string (see <see cref="StorageConnection.Parse"/>).</summary>
    public TableServiceClient(string connectionString, TableClientOptions? options = null)
        : this(StorageConnection.Parse(connectionString), options)
    {
    }

    /// <summary>Creates a client for <paramref name="endpoint"/> authorized with Shared Key.</summary>
    public TableServiceClient(Uri endpoint, StorageSharedKeyCredential credential, TableClientOptions? options = null)
        : this(endpoint, credential?.AccountName, new TableSharedKeyPolicy(credential ?? throw new ArgumentNullException(nameof(credential))), options)
    {
    }

    /// <summary>
    /// Creates a client for <paramref name="endpoint"/> authorized with Microsoft Entra ID tokens
    /// (scope <c>https://storage.azure.com/.default</c>; the endpoint must be https).
    /// </summary>
    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null)
        : this(endpoint, accountName: null, StoragePipeline.BearerToken(credential ?? throw new ArgumentNullException(nameof(credential))), options)
    {
    }

    /// <summary>Creates a client over <paramref name="connection"/>.</summary>
    public TableServiceClient(StorageConnection connection, TableClientOptions? options = null)
        : this(
            connection?.TableServiceUri ?? throw new ArgumentException("The connection has no Table endpoint.", nameof(connection)),
            connection.AccountName,
            connection.SharedKeyCredential is { } key ? new TableSharedKeyPolicy(key) : StoragePipeline.BearerToken(connection.TokenCredential!),
            options)
    {
    }

    /// <summary>For test doubles and subclasses only.</summary>
    protected TableServiceClient()
    {
        _pipeline = null!;
        Uri = null!;
    }

    private TableServiceClient(Uri endpoint, string? accountName, HttpPipelinePolicy authorization, TableClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Uri = endpoint;
        AccountName = accountName;
        _pipeline = StoragePipeline.Build(options ?? new TableClientOptions(), authorization);
    }

    /// <summary>The Table service endpoint.</summary>
    public virtual Uri Uri { get; }

    /// <summary>The account name, when known.</summary>
    public virtual string? AccountName { get; }

    /// <summary>A client for <paramref name="tableName"/> sharing this client's pipeline (cheap; sends nothing).</summary>
    public virtual TableClient GetTableClient(string tableName) => new(_pipeline, Uri, AccountName, tableName);

    /// <summary>Creates the table unless it exists (see <see cref="TableClient.CreateIfNotExistsAsync"/>).</summary>
    public virtual Task<Response<TableItem>> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Deletes the table; a missing table is not an error (see <see cref="TableClient.DeleteAsync"/>).</summary>
    public virtual Task<Response> DeleteTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).DeleteAsync(cancellationToken);
}
