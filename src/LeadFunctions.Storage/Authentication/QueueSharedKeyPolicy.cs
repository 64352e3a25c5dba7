using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Storage.Authentication;

/// <summary>
/// Signs Queue service requests with Shared Key authorization (the Blob/Queue/File form, version 2009-09-19 and
/// later): the verb, eleven standard headers (Content-Length empty when zero; Date empty because
/// <c>x-ms-date</c> is sent), the canonicalized <c>x-ms-*</c> headers and the canonicalized resource with every
/// query parameter. Runs per retry, after <see cref="StorageDatePolicy"/>.
/// </summary>
internal sealed class QueueSharedKeyPolicy(StorageSharedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    private static readonly string[] s_standardHeaders =
    [
        "Content-Encoding",
        "Content-Language",
        "Content-Length",
        "Content-MD5",
        "Content-Type",
        "Date",
        "If-Modified-Since",
        "If-Match",
        "If-None-Match",
        "If-Unmodified-Since",
        "Range",
    ];

    public override void OnSendingRequest(HttpMessage message)
    {
        Request request = message.Request;
        var buffer = new CharBuffer(stackalloc char[512]);
        try
        {
            buffer.Append(request.Method.Method);
            buffer.Append('\n');
            foreach (string name in s_standardHeaders)
            {
                if (name == "Content-Length")
                {
                    AppendContentLength(ref buffer, request);
                }
                else if (request.Headers.TryGetValue(name, out string? value))
                {
                    buffer.Append(value);
                }

                buffer.Append('\n');
            }

            SharedKeyCanonicalizer.AppendStorageHeaders(ref buffer, request.Headers);
            SharedKeyCanonicalizer.AppendResourcePath(ref buffer, credential.AccountName, request.Uri);
            SharedKeyCanonicalizer.AppendQueryParameters(ref buffer, request.Uri.Query);

            string signature = credential.ComputeSignature(buffer.Written);
            request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {credential.AccountName}:{signature}");
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static void AppendContentLength(ref CharBuffer buffer, Request request)
    {
        if (request.Content is not null && request.Content.TryComputeLength(out long length) && length > 0)
        {
            Span<char> digits = stackalloc char[20];
            length.TryFormat(digits, out int written, provider: System.Globalization.CultureInfo.InvariantCulture);
            buffer.Append(digits[..written]);
        }
    }
}
