using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using LeadFunctions.Storage.Authentication;
using LeadFunctions.Storage.Connection;

namespace LeadFunctions.Storage.Tables;

/// <summary>
/// One table: create and delete it, read, write, query and transact on its entities. Obtain it from
/// <see cref="TableServiceClient.GetTableClient"/> to share the service client's pipeline. Thread-safe.
/// </summary>
/// <remarks>
/// <para>Every operation is retried by the pipeline on transient faults (408, 429, 500, 502, 503, 504, I/O
/// errors and network timeouts) with exponential back-off (<see cref="ClientOptions.Retry"/>). That is safe for
/// the idempotent operations: GET, PUT (upsert/replace), MERGE, DELETE, and conditional updates (If-Match).
/// It is not entirely safe for an insert (POST, <see cref="AddEntityAsync"/>) or a transaction holding one:
/// when the first attempt succeeded but its response was lost, the retry fails with 409
/// <c>EntityAlreadyExists</c> although the entity was written. See the remarks of those methods.</para>
/// <para>Failures throw <see cref="RequestFailedException"/> with <see cref="RequestFailedException.Status"/>
/// and the service's <see cref="RequestFailedException.ErrorCode"/> (for example 404 <c>ResourceNotFound</c>,
/// 409 <c>EntityAlreadyExists</c>, 412 <c>UpdateConditionNotSatisfied</c>).</para>
/// </remarks>
public class TableClient
{
    private const string NoMetadata = "application/json;odata=nometadata";
    private const string MinimalMetadata = "application/json;odata=minimalmetadata";
    private const string JsonContent = "application/json";
    private const int MaxPageSize = 1000;

    private static readonly RequestMethod s_merge = new("MERGE");

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly string _tablePath;

    /// <summary>Creates a client from a storage connection string (see <see cref="StorageConnection.Parse"/>).</summary>
    public TableClient(string connectionString, string tableName, TableClientOptions? options = null)
        : this(new TableServiceClient(connectionString, options).GetTableClient(tableName))
    {
    }

    /// <summary>Creates a client for <paramref name="tableName"/> at <paramref name="endpoint"/>, authorized with Shared Key.</summary>
    public TableClient(Uri endpoint, string tableName, StorageSharedKeyCredential credential, TableClientOptions? options = null)
        : this(new TableServiceClient(endpoint, credential, options).GetTableClient(tableName))
    {
    }

    /// <summary>Creates a client for <paramref name="tableName"/> at <paramref name="endpoint"/>, authorized with tokens.</summary>
    public TableClient(Uri endpoint, string tableName, TokenCredential credential, TableClientOptions? options = null)
        : this(new TableServiceClient(endpoint, credential, options).GetTableClient(tableName))
    {
    }

    /// <summary>For test doubles and subclasses only.</summary>
    protected TableClient()
    {
        _pipeline = null!;
        _endpoint = null!;
        _tablePath = null!;
        Name = null!;
        Uri = null!;
    }

    internal TableClient(HttpPipeline pipeline, Uri endpoint, string? accountName, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _pipeline = pipeline;
        _endpoint = endpoint;
        _tablePath = TablePath(tableName);
        Name = tableName;
        AccountName = accountName;
        Uri = new Uri(EndpointString(endpoint) + _tablePath);
    }

    private TableClient(TableClient other)
    {
        _pipeline = other._pipeline;
        _endpoint = other._endpoint;
        _tablePath = other._tablePath;
        Name = other.Name;
        AccountName = other.AccountName;
        Uri = other.Uri;
    }

    /// <summary>The table name.</summary>
    public virtual string Name { get; }

    /// <summary>The account name, when known.</summary>
    public virtual string? AccountName { get; }

    /// <summary>The table's URI.</summary>
    public virtual Uri Uri { get; }

    /// <summary>
    /// Builds an OData filter from an interpolated string, turning every argument into an escaped literal:
    /// strings are quoted with <c>'</c> doubled, <see cref="DateTimeOffset"/> becomes <c>datetime'…'</c> (UTC),
    /// <see cref="Guid"/> <c>guid'…'</c>, <see cref="long"/> gets the <c>L</c> suffix, <c>byte[]</c> becomes
    /// <c>X'…'</c>, <see cref="bool"/> <c>true</c>/<c>false</c>. Never build filters by concatenating input.
    /// </summary>
    /// <example><code>TableClient.CreateQueryFilter($"PartitionKey eq {pk} and Score ge {minimum}")</code></example>
    public static string CreateQueryFilter(FormattableString filter) => TableQueryFilter.Create(filter);

    /// <summary>
    /// Creates the table unless it exists. Returns the table either way (status 204 when created, 409 when it
    /// already existed). Idempotent, so retries are safe.
    /// </summary>
    public virtual async Task<Response<TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Post, NoMetadata);
        message.Request.Uri.AppendPath("/Tables", escape: false);
        message.Request.Headers.SetValue(StorageHeaders.Prefer, "return-no-content");
        message.Request.Headers.SetValue(StorageHeaders.ContentType, JsonContent);
        message.Request.Content = TableNameBody(Name);

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status is 201 or 204 || (response.Status == 409 && ErrorCode(response) == "TableAlreadyExists"))
        {
            return Response.FromValue(new TableItem(Name), response);
        }

        throw Failed(response);
    }

    /// <summary>
    /// Deletes the table and every entity in it. A table that does not exist is not an error: the 404
    /// response is returned. Idempotent, so retries are safe.
    /// </summary>
    public virtual async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using HttpMessage message = CreateMessage(RequestMethod.Delete, NoMetadata);
        message.Request.Uri.AppendPath("/Tables('", escape: false);
        message.Request.Uri.AppendPath(EscapeKey(Name), escape: false);
        message.Request.Uri.AppendPath("')", escape: false);

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status is 204 or 404 ? response : throw Failed(response);
    }

    /// <summary>
    /// Reads one entity. Throws <see cref="RequestFailedException"/> 404 <c>ResourceNotFound</c> when it does not
    /// exist (use <see cref="GetEntityIfExistsAsync{T}"/> to get a null value instead).
    /// </summary>
    /// <param name="partitionKey">The partition key.</param>
    /// <param name="rowKey">The row key.</param>
    /// <param name="select">Property names to return (all when null).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The official Azure.Data.Tables parameter name: named arguments keep working after a swap.")]
    public virtual async Task<Response<T>> GetEntityAsync<T>(
        string partitionKey,
        string rowKey,
        IEnumerable<string>? select = null,
        CancellationToken cancellationToken = default)
        where T : TableEntity, new()
    {
        using HttpMessage message = CreateGetEntityMessage(partitionKey, rowKey, select);
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status == 200 ? Response.FromValue(ReadEntity<T>(response), response) : throw Failed(response);
    }

    /// <summary>Reads one entity; the response has no value (<c>HasValue</c> false) when it does not exist.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The official Azure.Data.Tables parameter name: named arguments keep working after a swap.")]
    public virtual async Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(
        string partitionKey,
        string rowKey,
        IEnumerable<string>? select = null,
        CancellationToken cancellationToken = default)
        where T : TableEntity, new()
    {
        using HttpMessage message = CreateGetEntityMessage(partitionKey, rowKey, select);
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status switch
        {
            200 => new StorageNullableResponse<T>(response, ReadEntity<T>(response)),
            404 => new StorageNullableResponse<T>(response, null),
            _ => throw Failed(response),
        };
    }

    /// <summary>
    /// Inserts an entity; throws 409 <c>EntityAlreadyExists</c> if one with the same keys exists. The new ETag
    /// is in the response's <c>ETag</c> header.
    /// </summary>
    /// <remarks>
    /// Not idempotent: if an attempt succeeds but its response is lost (timeout, connection reset), the
    /// pipeline's retry gets 409 <c>EntityAlreadyExists</c>. Callers that insert with deterministic keys should
    /// treat that 409 as "already written" (read the entity back if they must tell their own write from another
    /// writer's), or use <see cref="UpsertEntityAsync"/> when overwriting is acceptable.
    /// </remarks>
    public virtual async Task<Response> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using HttpMessage message = CreateMessage(RequestMethod.Post, NoMetadata);
        message.Request.Uri.AppendPath(_tablePath, escape: false);
        message.Request.Headers.SetValue(StorageHeaders.Prefer, "return-no-content");
        message.Request.Headers.SetValue(StorageHeaders.ContentType, JsonContent);
        message.Request.Content = EntityBody(entity);

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status is 201 or 204 ? response : throw Failed(response);
    }

    /// <summary>
    /// Inserts the entity or, if it exists, merges into it (<see cref="TableUpdateMode.Merge"/>, MERGE) or
    /// replaces it (<see cref="TableUpdateMode.Replace"/>, PUT). Unconditional and idempotent: retries are safe.
    /// </summary>
    public virtual async Task<Response> UpsertEntityAsync(
        TableEntity entity,
        TableUpdateMode mode = TableUpdateMode.Merge,
        CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        using HttpMessage message = CreateEntityWrite(entity, mode, ifMatch: null);
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status == 204 ? response : throw Failed(response);
    }

    /// <summary>
    /// Updates an existing entity if its ETag still equals <paramref name="ifMatch"/> (use <see cref="ETag.All"/>
    /// for "whatever version"). Throws 412 <c>UpdateConditionNotSatisfied</c> when another writer changed it
    /// first and 404 <c>ResourceNotFound</c> when it does not exist. Conditional, so retries are safe (a retry
    /// of an update that was applied fails with 412, which means: re-read and decide).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="ifMatch"/> is default (not a version, not <c>*</c>).</exception>
    public virtual async Task<Response> UpdateEntityAsync(
        TableEntity entity,
        ETag ifMatch,
        TableUpdateMode mode = TableUpdateMode.Merge,
        CancellationToken cancellationToken = default)
    {
        ValidateKeys(entity);
        if (ifMatch == default)
        {
            throw new ArgumentException("An update needs an ETag: the entity's ETag, or ETag.All for an unconditional update.", nameof(ifMatch));
        }

        using HttpMessage message = CreateEntityWrite(entity, mode, ifMatch.ToString("H"));
        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status == 204 ? response : throw Failed(response);
    }

    /// <summary>
    /// Deletes an entity, conditional on <paramref name="ifMatch"/> (default: any version, <c>*</c>). An entity
    /// that does not exist is not an error: the 404 response is returned. Idempotent: retries are safe.
    /// Throws 412 <c>UpdateConditionNotSatisfied</c> when the ETag no longer matches.
    /// </summary>
    public virtual async Task<Response> DeleteEntityAsync(
        string partitionKey,
        string rowKey,
        ETag ifMatch = default,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        using HttpMessage message = CreateMessage(RequestMethod.Delete, NoMetadata);
        message.Request.Uri.AppendPath(EntityPath(_tablePath, partitionKey, rowKey), escape: false);
        message.Request.Headers.SetValue(StorageHeaders.IfMatch, ifMatch == default ? "*" : ifMatch.ToString("H"));

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        return response.Status is 204 or 404 ? response : throw Failed(response);
    }

    /// <summary>
    /// Queries entities. The result is read lazily page by page, following the service's continuation
    /// tokens (<c>x-ms-continuation-NextPartitionKey/NextRowKey</c>) until the last page; a page holds at most
    /// <paramref name="maxPerPage"/> (1 to 1,000) entities and may hold fewer even when more follow.
    /// </summary>
    /// <param name="filter">An OData filter, best made with <see cref="CreateQueryFilter"/>; null for all entities.</param>
    /// <param name="maxPerPage">Entities per request, 1 to 1,000 (the service's default and maximum: 1,000).</param>
    /// <param name="select">Property names to return (all when null).</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The official Azure.Data.Tables parameter name: named arguments keep working after a swap.")]
    public virtual AsyncPageable<T> QueryAsync<T>(
        string? filter = null,
        int? maxPerPage = null,
        IEnumerable<string>? select = null,
        CancellationToken cancellationToken = default)
        where T : TableEntity, new()
    {
        if (maxPerPage is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, $"A page holds 1 to {MaxPageSize} entities.");
        }

        return new TableQueryPageable<T>(this, filter, maxPerPage, JoinSelect(select), cancellationToken);
    }

    /// <summary>
    /// Applies up to 100 actions on entities of one partition atomically (an entity group transaction,
    /// <c>$batch</c>): all succeed or none is applied. Validated before sending: at least one action, at most
    /// 100, one PartitionKey, each entity once. When the service rejects an action, throws
    /// <see cref="TableTransactionFailedException"/> naming the action's index and error code.
    /// </summary>
    /// <remarks>
    /// A retried transaction is as safe as its actions: upserts, deletes and conditional updates can be
    /// re-applied, but if it holds an <see cref="TableTransactionActionType.Add"/> and the first attempt
    /// succeeded with its response lost, the retry fails with 409 <c>EntityAlreadyExists</c> (nothing applied
    /// by the retry; the first attempt's changes stand). Prefer upserts in transactions that may be retried.
    /// </remarks>
    /// <returns>The responses of the actions, in order (each with its <c>ETag</c> header).</returns>
    public virtual async Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(
        IEnumerable<TableTransactionAction> transactionActions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionActions);
        IReadOnlyList<TableTransactionAction> actions = transactionActions as IReadOnlyList<TableTransactionAction> ?? [.. transactionActions];
        TableTransactionBody.Validate(actions);

        string batchBoundary = "batch_" + Guid.NewGuid().ToString("D");
        string changesetBoundary = "changeset_" + Guid.NewGuid().ToString("D");
        using HttpMessage message = CreateMessage(RequestMethod.Post, MinimalMetadata);
        message.Request.Uri.AppendPath("/$batch", escape: false);
        message.Request.Headers.SetValue(StorageHeaders.ContentType, "multipart/mixed; boundary=" + batchBoundary);
        message.Request.Content = TableTransactionBody.Write(batchBoundary, changesetBoundary, EndpointString(_endpoint) + _tablePath, actions);

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status != 202)
        {
            throw Failed(response);
        }

        List<BatchOperationResponse> results = TableTransactionBody.ReadResponses(response.Content.ToMemory().Span);
        for (int i = 0; i < results.Count; i++)
        {
            if (results[i].Status >= 400)
            {
                throw TableTransactionBody.Failure(results[i], i, results.Count, actions);
            }
        }

        if (results.Count != actions.Count)
        {
            throw new RequestFailedException(response.Status, $"The table transaction returned {results.Count} responses for {actions.Count} actions.");
        }

        return Response.FromValue<IReadOnlyList<Response>>(results, response);
    }

    /// <summary>The path of an entity: <c>/table(PartitionKey='pk',RowKey='rk')</c>, keys quoted and percent-encoded.</summary>
    internal static string EntityPath(string tablePath, string partitionKey, string rowKey) =>
        $"{tablePath}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";

    /// <summary>The table's path: <c>/</c> and the percent-encoded name.</summary>
    internal static string TablePath(string tableName) => "/" + Uri.EscapeDataString(tableName);

    internal async Task<Page<T>> QueryPageAsync<T>(string? filter, int? top, string? select, string? continuationToken, CancellationToken cancellationToken)
        where T : TableEntity, new()
    {
        using HttpMessage message = CreateMessage(RequestMethod.Get, MinimalMetadata);
        RequestUriBuilder uri = message.Request.Uri;
        uri.AppendPath(_tablePath, escape: false);
        uri.AppendPath("()", escape: false);
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter, escapeValue: true);
        }

        if (top is int pageSize)
        {
            uri.AppendQuery("$top", pageSize.ToString(CultureInfo.InvariantCulture), escapeValue: false);
        }

        if (select is not null)
        {
            uri.AppendQuery("$select", select, escapeValue: true);
        }

        if (!string.IsNullOrEmpty(continuationToken))
        {
            int separator = continuationToken.IndexOf(' ', StringComparison.Ordinal);
            string nextPartitionKey = separator < 0 ? continuationToken : continuationToken[..separator];
            uri.AppendQuery("NextPartitionKey", nextPartitionKey, escapeValue: true);
            if (separator >= 0 && separator < continuationToken.Length - 1)
            {
                uri.AppendQuery("NextRowKey", continuationToken[(separator + 1)..], escapeValue: true);
            }
        }

        await SendAsync(message, cancellationToken).ConfigureAwait(false);
        Response response = message.Response;
        if (response.Status != 200)
        {
            throw Failed(response);
        }

        List<T> entities = TableEntityJson.ReadEntities<T>(response.Content.ToMemory().Span);
        string? next = null;
        if (response.Headers.TryGetValue(StorageHeaders.ContinuationNextPartitionKey, out string? partition))
        {
            next = response.Headers.TryGetValue(StorageHeaders.ContinuationNextRowKey, out string? row) ? partition + " " + row : partition;
        }

        return Page<T>.FromValues(entities, next, response);
    }

    private HttpMessage CreateGetEntityMessage(string partitionKey, string rowKey, IEnumerable<string>? select)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        HttpMessage message = CreateMessage(RequestMethod.Get, MinimalMetadata);
        message.Request.Uri.AppendPath(EntityPath(_tablePath, partitionKey, rowKey), escape: false);
        if (JoinSelect(select) is string columns)
        {
            message.Request.Uri.AppendQuery("$select", columns, escapeValue: true);
        }

        return message;
    }

    private static T ReadEntity<T>(Response response)
        where T : TableEntity, new()
    {
        T entity = TableEntityJson.ReadEntity<T>(response.Content.ToMemory().Span);
        if (entity.ETag == default && response.Headers.ETag is ETag etag)
        {
            entity.ETag = etag;
        }

        return entity;
    }

    private HttpMessage CreateEntityWrite(TableEntity entity, TableUpdateMode mode, string? ifMatch)
    {
        RequestMethod method = mode switch
        {
            TableUpdateMode.Merge => s_merge,
            TableUpdateMode.Replace => RequestMethod.Put,
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown update mode."),
        };

        HttpMessage message = CreateMessage(method, NoMetadata);
        message.Request.Uri.AppendPath(EntityPath(_tablePath, entity.PartitionKey, entity.RowKey), escape: false);
        message.Request.Headers.SetValue(StorageHeaders.ContentType, JsonContent);
        if (ifMatch is not null)
        {
            message.Request.Headers.SetValue(StorageHeaders.IfMatch, ifMatch);
        }

        message.Request.Content = EntityBody(entity);
        return message;
    }

    private HttpMessage CreateMessage(RequestMethod method, string accept)
    {
        HttpMessage message = _pipeline.CreateMessage();
        Request request = message.Request;
        request.Method = method;
        request.Uri.Reset(_endpoint);
        request.Headers.SetValue(StorageHeaders.Version, TableClientOptions.ServiceVersion);
        request.Headers.SetValue(StorageHeaders.DataServiceVersion, "3.0");
        request.Headers.SetValue(StorageHeaders.Accept, accept);
        return message;
    }

    /// <summary>Sends through the pipeline; not an async method itself, so an operation costs one state machine.</summary>
    private ValueTask SendAsync(HttpMessage message, CancellationToken cancellationToken) => _pipeline.SendAsync(message, cancellationToken);

    private static RequestContent EntityBody(TableEntity entity)
    {
        using PooledBufferWriter buffer = PooledBufferWriter.Rent();
        System.Text.Json.Utf8JsonWriter json = buffer.JsonWriter();
        TableEntityJson.WriteEntity(json, entity);
        json.Flush();
        return buffer.ToRequestContent();
    }

    private static RequestContent TableNameBody(string tableName)
    {
        using PooledBufferWriter buffer = PooledBufferWriter.Rent();
        System.Text.Json.Utf8JsonWriter json = buffer.JsonWriter();
        json.WriteStartObject();
        json.WriteString("TableName"u8, tableName);
        json.WriteEndObject();
        json.Flush();
        return buffer.ToRequestContent();
    }

    private static void ValidateKeys(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity[TableEntity.PartitionKeyName] is not string || entity[TableEntity.RowKeyName] is not string)
        {
            throw new ArgumentException("The entity needs a PartitionKey and a RowKey (strings; empty is allowed).", nameof(entity));
        }
    }

    private static string? JoinSelect(IEnumerable<string>? select) =>
        select is null ? null : string.Join(',', select) is { Length: > 0 } joined ? joined : null;

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static string EndpointString(Uri endpoint) => endpoint.AbsoluteUri.TrimEnd('/');

    private static string? ErrorCode(Response response) => StorageRequestFailedDetailsParser.ErrorOf(response)?.Code;

    private static RequestFailedException Failed(Response response) =>
        new(response, innerException: null, StorageRequestFailedDetailsParser.Shared);
}
