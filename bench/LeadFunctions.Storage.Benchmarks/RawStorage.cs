using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Storage.Benchmarks;

/// <summary>
/// The baseline: the same operations as minimal, hand-signed <see cref="HttpClient"/> requests with precomputed
/// bodies, no retries, no diagnostics, no parsing beyond what the next request needs.
/// </summary>
internal sealed class RawStorage : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
    private readonly string _account;
    private readonly byte[] _key;
    private readonly Uri _tableEndpoint;
    private readonly Uri _queueEndpoint;

    public RawStorage(string account, string key, Uri tableEndpoint, Uri queueEndpoint)
    {
        _account = account;
        _key = Convert.FromBase64String(key);
        _tableEndpoint = tableEndpoint;
        _queueEndpoint = queueEndpoint;
    }

    public async ValueTask UpsertEntityAsync(string table, string partitionKey, string rowKey, byte[] json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, EntityUri(table, partitionKey, rowKey));
        request.Content = new ByteArrayContent(json);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        SignTable(request, "application/json");
        using HttpResponseMessage response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.NoContent);
    }

    public async ValueTask<byte[]> GetEntityAsync(string table, string partitionKey, string rowKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EntityUri(table, partitionKey, rowKey));
        request.Headers.TryAddWithoutValidation("Accept", "application/json;odata=minimalmetadata");
        SignTable(request, contentType: "");
        using HttpResponseMessage response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>One page of a $filter query: the response body and the continuation (null when it was the last page).</summary>
    public async ValueTask<(byte[] Body, string? NextPartitionKey, string? NextRowKey)> QueryAsync(
        string table, string filter, int top, string? select = null, string? nextPartitionKey = null, string? nextRowKey = null)
    {
        var query = new StringBuilder("?$filter=").Append(Uri.EscapeDataString(filter)).Append("&$top=").Append(top.ToString(CultureInfo.InvariantCulture));
        if (select is not null)
        {
            query.Append("&$select=").Append(Uri.EscapeDataString(select));
        }

        if (nextPartitionKey is not null)
        {
            query.Append("&NextPartitionKey=").Append(Uri.EscapeDataString(nextPartitionKey));
        }

        if (nextRowKey is not null)
        {
            query.Append("&NextRowKey=").Append(Uri.EscapeDataString(nextRowKey));
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{_tableEndpoint}/{table}(){query}"));
        request.Headers.TryAddWithoutValidation("Accept", "application/json;odata=minimalmetadata");
        SignTable(request, contentType: "");
        using HttpResponseMessage response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.OK);
        return (
            await response.Content.ReadAsByteArrayAsync(),
            response.Headers.TryGetValues("x-ms-continuation-NextPartitionKey", out var pk) ? pk.First() : null,
            response.Headers.TryGetValues("x-ms-continuation-NextRowKey", out var rk) ? rk.First() : null);
    }

    public async ValueTask DeleteEntityAsync(string table, string partitionKey, string rowKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, EntityUri(table, partitionKey, rowKey));
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        SignTable(request, contentType: "");
        using HttpResponseMessage response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.NoContent);
    }

    /// <summary>An entity group transaction ($batch) of one conditional replace, as the app saves a score.</summary>
    public ValueTask ReplaceInTransactionAsync(string table, string partitionKey, string rowKey, byte[] json, string etag) =>
        TransactionAsync(table, [new RawOperation("PUT", partitionKey, rowKey, json, etag)]);

    /// <summary>
    /// An entity group transaction ($batch): one change set of operations on one partition ("POST" inserts,
    /// "PUT" replaces, "MERGE" merges, "DELETE" deletes; <see cref="RawOperation.IfMatch"/> for the conditional ones).
    /// </summary>
    public async ValueTask TransactionAsync(string table, IReadOnlyList<RawOperation> operations)
    {
        string batch = "batch_" + Guid.NewGuid().ToString("N");
        string changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var body = new MemoryStream();
        void Write(string text) => body.Write(Encoding.UTF8.GetBytes(text));
        Write($"--{batch}\r\nContent-Type: multipart/mixed; boundary={changeset}\r\n\r\n");
        foreach (RawOperation operation in operations)
        {
            Write($"--{changeset}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            string url = operation.Method == "POST" ? $"{_tableEndpoint}/{table}" : EntityUri(table, operation.PartitionKey, operation.RowKey).ToString();
            Write($"{operation.Method} {url} HTTP/1.1\r\nAccept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n");
            if (operation.Method == "POST")
            {
                Write("Prefer: return-no-content\r\n");
            }

            if (operation.IfMatch is not null)
            {
                Write($"If-Match: {operation.IfMatch}\r\n");
            }

            if (operation.Json is null)
            {
                Write("\r\n");
            }
            else
            {
                Write("Content-Type: application/json\r\n\r\n");
                body.Write(operation.Json);
                Write("\r\n");
            }
        }

        Write($"--{changeset}--\r\n\r\n--{batch}--\r\n");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{_tableEndpoint}/$batch"));
        request.Content = new ByteArrayContent(body.ToArray());
        string contentType = $"multipart/mixed; boundary={batch}";
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        SignTable(request, contentType);
        using HttpResponseMessage response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.Accepted);
        string answer = await response.Content.ReadAsStringAsync();
        if (!answer.Contains("HTTP/1.1 20", StringComparison.Ordinal) || answer.Contains("HTTP/1.1 4", StringComparison.Ordinal))
        {
            throw new HttpRequestException("The transaction failed: " + answer[..Math.Min(answer.Length, 300)]);
        }
    }

    public async ValueTask SendMessageAsync(string queue, byte[] xml)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{_queueEndpoint}/{queue}/messages"));
        request.Content = new ByteArrayContent(xml);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/xml; charset=utf-8");
        SignQueue(request, "application/xml; charset=utf-8", xml.Length, "");
        using HttpResponseMessage response = await _http.SendAsync(request);
        Expect(response, HttpStatusCode.Created);
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Receives one message and deletes it; false when the queue had none.</summary>
    public async ValueTask<bool> ReceiveAndDeleteAsync(string queue)
    {
        string id;
        string popReceipt;
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{_queueEndpoint}/{queue}/messages?numofmessages=1")))
        {
            SignQueue(request, "", 0, "\nnumofmessages:1");
            using HttpResponseMessage response = await _http.SendAsync(request);
            Expect(response, HttpStatusCode.OK);
            string xml = await response.Content.ReadAsStringAsync();
            if (!xml.Contains("<MessageId>", StringComparison.Ordinal))
            {
                return false;
            }

            id = Between(xml, "<MessageId>", "</MessageId>");
            popReceipt = Between(xml, "<PopReceipt>", "</PopReceipt>");
        }

        using (var request = new HttpRequestMessage(
            HttpMethod.Delete, new Uri($"{_queueEndpoint}/{queue}/messages/{id}?popreceipt={Uri.EscapeDataString(popReceipt)}")))
        {
            SignQueue(request, "", 0, "\npopreceipt:" + popReceipt);
            using HttpResponseMessage response = await _http.SendAsync(request);
            Expect(response, HttpStatusCode.NoContent);
        }

        return true;
    }

    public void Dispose() => _http.Dispose();

    private Uri EntityUri(string table, string partitionKey, string rowKey) =>
        new($"{_tableEndpoint}/{table}(PartitionKey='{partitionKey}',RowKey='{rowKey}')");

    private void SignTable(HttpRequestMessage request, string contentType)
    {
        string date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-version", "2019-02-02");
        request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0");
        string stringToSign = $"{request.Method.Method}\n\n{contentType}\n{date}\n/{_account}{request.RequestUri!.AbsolutePath}";
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {_account}:{Sign(stringToSign)}");
    }

    private void SignQueue(HttpRequestMessage request, string contentType, int contentLength, string canonicalizedQuery)
    {
        string date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-version", "2021-12-02");
        string length = contentLength > 0 ? contentLength.ToString(CultureInfo.InvariantCulture) : "";
        string stringToSign =
            $"{request.Method.Method}\n\n\n{length}\n\n{contentType}\n\n\n\n\n\n\n" +
            $"x-ms-date:{date}\nx-ms-version:2021-12-02\n/{_account}{request.RequestUri!.AbsolutePath}{canonicalizedQuery}";
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {_account}:{Sign(stringToSign)}");
    }

    private string Sign(string stringToSign) => Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new HttpRequestException($"Expected {(int)status}, got {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
    }
}

/// <summary>One operation of a raw entity group transaction.</summary>
internal sealed record RawOperation(string Method, string PartitionKey, string RowKey, byte[]? Json = null, string? IfMatch = null);
