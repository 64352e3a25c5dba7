using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Storage.Tests.Pipeline;

/// <summary>Counts the attempts that reach the transport (a per-retry policy added through the client options).</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public static T AddTo<T>(T options, out RequestCounter counter)
        where T : ClientOptions
    {
        counter = new RequestCounter();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        return options;
    }

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
