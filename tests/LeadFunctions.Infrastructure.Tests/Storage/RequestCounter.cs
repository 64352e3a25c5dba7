using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>A pipeline policy of the Azure SDK that counts one client's requests matching <paramref name="matches"/>.</summary>
internal sealed class RequestCounter(Func<HttpMessage, bool> matches) : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message)
    {
        if (matches(message))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
