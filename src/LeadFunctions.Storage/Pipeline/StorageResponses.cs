using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace LeadFunctions.Storage;

/// <summary>A <see cref="NullableResponse{T}"/> with or without a value (for the <c>IfExists</c> operations).</summary>
internal sealed class StorageNullableResponse<T>(Response response, T? value) : NullableResponse<T>
{
    public override bool HasValue => value is not null;

    public override T Value => value ?? throw new InvalidOperationException("The resource does not exist: the response has no value (check HasValue).");

    public override Response GetRawResponse() => response;
}

/// <summary>One operation's response inside a <c>$batch</c> (multipart) response.</summary>
internal sealed class BatchOperationResponse : Response
{
    private readonly List<HttpHeader> _headers;

    public BatchOperationResponse(int status, string reasonPhrase, List<HttpHeader> headers, byte[] content)
    {
        Status = status;
        ReasonPhrase = reasonPhrase;
        _headers = headers;
        // A MemoryStream: Response.Content (and RequestFailedException) read buffered content only.
        ContentStream = new MemoryStream(content, 0, content.Length, writable: false, publiclyVisible: true);
        ClientRequestId = string.Empty;
    }

    public override int Status { get; }

    public override string ReasonPhrase { get; }

    public override Stream? ContentStream { get; set; }

    public override string ClientRequestId { get; set; }

    public override void Dispose()
    {
        ContentStream?.Dispose();
    }

    protected override bool ContainsHeader(string name) => TryGetHeader(name, out _);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers;

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        foreach (HttpHeader header in _headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = header.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        if (TryGetHeader(name, out string? value))
        {
            values = [value];
            return true;
        }

        values = null;
        return false;
    }
}
