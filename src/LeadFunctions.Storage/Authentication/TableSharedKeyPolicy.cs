using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Storage.Authentication;

/// <summary>
/// Signs Table service requests with Shared Key authorization. The Table service string-to-sign is the
/// short form: <c>VERB \n Content-MD5 \n Content-Type \n Date \n CanonicalizedResource</c>, where Date is the
/// <c>x-ms-date</c> value and the canonicalized resource is <c>/account/path</c> plus <c>?comp=</c> when present.
/// Runs per retry, after <see cref="StorageDatePolicy"/>.
/// </summary>
internal sealed class TableSharedKeyPolicy(StorageSharedKeyCredential credential) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        Request request = message.Request;
        var buffer = new CharBuffer(stackalloc char[512]);
        try
        {
            buffer.Append(request.Method.Method);
            buffer.Append('\n');
            AppendHeader(ref buffer, request, "Content-MD5");
            AppendHeader(ref buffer, request, StorageHeaders.ContentType);
            AppendHeader(ref buffer, request, StorageHeaders.Date);
            SharedKeyCanonicalizer.AppendResourcePath(ref buffer, credential.AccountName, request.Uri);
            SharedKeyCanonicalizer.AppendCompParameter(ref buffer, request.Uri.Query);

            string signature = credential.ComputeSignature(buffer.Written);
            request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKey {credential.AccountName}:{signature}");
        }
        finally
        {
            buffer.Dispose();
        }
    }

    private static void AppendHeader(ref CharBuffer buffer, Request request, string name)
    {
        if (request.Headers.TryGetValue(name, out string? value))
        {
            buffer.Append(value);
        }

        buffer.Append('\n');
    }
}
