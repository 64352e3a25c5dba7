using System.Globalization;
using System.Text;
using Azure;
using Azure.Core;

namespace LeadFunctions.Storage.Tables;

/// <summary>
/// The entity group transaction (<c>$batch</c>) wire format: a <c>multipart/mixed</c> batch holding one
/// change set whose parts are <c>application/http</c> requests (CRLF line endings, absolute URLs, compact
/// JSON bodies); and its response, a multipart batch holding a change set of HTTP responses, or on failure a
/// single error response whose OData message starts with the zero-based index of the failed operation.
/// </summary>
internal static class TableTransactionBody
{
    public const int MaxActions = 100;

    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }

        if (actions.Count > MaxActions)
        {
            throw new ArgumentException(
                $"A transaction holds at most {MaxActions} actions; this one has {actions.Count}. Split it into several transactions.",
                nameof(actions));
        }

        string partitionKey = actions[0].Entity.PartitionKey;
        var rowKeys = new HashSet<string>(actions.Count, StringComparer.Ordinal);
        for (int i = 0; i < actions.Count; i++)
        {
            TableEntity entity = actions[i].Entity;
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"All actions of a transaction must share one PartitionKey: action {i} differs from action 0.", nameof(actions));
            }

            if (!rowKeys.Add(entity.RowKey))
            {
                throw new ArgumentException(
                    $"An entity can appear only once in a transaction: action {i} repeats an earlier RowKey.", nameof(actions));
            }
        }
    }

    public static RequestContent Write(
        string batchBoundary,
        string changesetBoundary,
        string tableUrl,
        IReadOnlyList<TableTransactionAction> actions)
    {
        using PooledBufferWriter buffer = PooledBufferWriter.Rent();
        WriteAscii(buffer, $"--{batchBoundary}\r\nContent-Type: multipart/mixed; boundary={changesetBoundary}\r\n\r\n");
        foreach (TableTransactionAction action in actions)
        {
            WriteAscii(buffer, $"--{changesetBoundary}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n");
            TableEntity entity = action.Entity;
            string entityUrl = TableClient.EntityPath(tableUrl, entity.PartitionKey, entity.RowKey);
            (string method, string url, bool hasBody, string? ifMatch) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", tableUrl, true, null),
                TableTransactionActionType.Delete => ("DELETE", entityUrl, false, IfMatch(action.ETag)),
                TableTransactionActionType.UpdateMerge => ("MERGE", entityUrl, true, IfMatch(action.ETag)),
                TableTransactionActionType.UpdateReplace => ("PUT", entityUrl, true, IfMatch(action.ETag)),
                TableTransactionActionType.UpsertMerge => ("MERGE", entityUrl, true, (string?)null),
                _ => ("PUT", entityUrl, true, (string?)null),
            };

            WriteAscii(buffer, $"{method} {url} HTTP/1.1\r\nAccept: application/json;odata=minimalmetadata\r\nDataServiceVersion: 3.0\r\n");
            if (method == "POST")
            {
                WriteAscii(buffer, "Prefer: return-no-content\r\n");
            }

            if (ifMatch is not null)
            {
                WriteAscii(buffer, $"If-Match: {ifMatch}\r\n");
            }

            if (hasBody)
            {
                WriteAscii(buffer, "Content-Type: application/json\r\n\r\n");
                System.Text.Json.Utf8JsonWriter json = buffer.JsonWriter();
                TableEntityJson.WriteEntity(json, entity);
                json.Flush();
                WriteAscii(buffer, "\r\n");
            }
            else
            {
                WriteAscii(buffer, "\r\n");
            }
        }

        WriteAscii(buffer, $"--{changesetBoundary}--\r\n--{batchBoundary}--\r\n");
        return buffer.ToRequestContent();
    }

    /// <summary>Reads the operation responses of a <c>$batch</c> response body.</summary>
    public static List<BatchOperationResponse> ReadResponses(ReadOnlySpan<byte> body)
    {
        var responses = new List<BatchOperationResponse>();
        ReadOnlySpan<byte> rest = body;
        while (true)
        {
            int start = rest.IndexOf("HTTP/1.1 "u8);
            if (start < 0)
            {
                return responses;
            }

            rest = rest[(start + 9)..];
            int lineEnd = rest.IndexOf("\r\n"u8);
            if (lineEnd < 3)
            {
                throw Malformed();
            }

            ReadOnlySpan<byte> statusLine = rest[..lineEnd];
            if (!int.TryParse(statusLine[..3], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
            {
                throw Malformed();
            }

            string reason = Encoding.ASCII.GetString(statusLine[3..].Trim((byte)' '));
            rest = rest[(lineEnd + 2)..];

            var headers = new List<HttpHeader>();
            while (true)
            {
                lineEnd = rest.IndexOf("\r\n"u8);
                if (lineEnd < 0)
                {
                    throw Malformed();
                }

                ReadOnlySpan<byte> line = rest[..lineEnd];
                rest = rest[(lineEnd + 2)..];
                if (line.IsEmpty)
                {
                    break;
                }

                int colon = line.IndexOf((byte)':');
                if (colon > 0)
                {
                    headers.Add(new HttpHeader(
                        Encoding.ASCII.GetString(line[..colon].Trim((byte)' ')),
                        Encoding.UTF8.GetString(line[(colon + 1)..].Trim((byte)' '))));
                }
            }

            int next = rest.IndexOf("\r\n--"u8);
            ReadOnlySpan<byte> content = next < 0 ? rest : rest[..next];
            responses.Add(new BatchOperationResponse(status, reason, headers, content.ToArray()));
            rest = next < 0 ? default : rest[next..];
        }
    }

    /// <summary>The exception for a failed operation response, naming the failed action.</summary>
    public static TableTransactionFailedException Failure(
        BatchOperationResponse failed,
        int failedPosition,
        int responseCount,
        IReadOnlyList<TableTransactionAction> actions)
    {
        ResponseError? error = StorageRequestFailedDetailsParser.ErrorOf(failed);
        string? message = error?.Message;
        int? index = null;
        if (message is not null)
        {
            int colon = message.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int reported)
                && reported >= 0 && reported < actions.Count)
            {
                index = reported;
                message = message[(colon + 1)..];
            }
        }

        if (index is null && responseCount == actions.Count)
        {
            index = failedPosition;
        }

        string where = index is int i ? $"action {i} ({actions[i].ActionType})" : "an unidentified action";
        string text = $"The table transaction failed at {where}: {failed.Status} {error?.Code ?? failed.ReasonPhrase}. " +
                      $"{message ?? "The service gave no message."} No action of the transaction was applied.";
        return new TableTransactionFailedException(failed.Status, text, error?.Code, index);
    }

    private static string IfMatch(ETag etag) => etag == default ? "*" : etag.ToString("H");

    private static void WriteAscii(PooledBufferWriter buffer, string text)
    {
        int count = Encoding.UTF8.GetByteCount(text);
        Encoding.UTF8.GetBytes(text, buffer.GetSpan(count));
        buffer.Advance(count);
    }

    private static FormatException Malformed() => new("The Table service returned a malformed $batch response.");
}
