using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Storage.Tests.Pipeline;

/// <summary>
/// A transport handler that answers the first <c>failures</c> requests itself with <paramref name="status"/>
/// (they never reach the server), then passes requests through to a real <see cref="SocketsHttpHandler"/>.
/// </summary>
internal sealed class FailFirstRequestsHandler(int failures, HttpStatusCode status) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int attempt = Interlocked.Increment(ref _attempts);
        return attempt <= failures
            ? Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request, Content = new StringContent("") })
            : base.SendAsync(request, cancellationToken);
    }
}

/// <summary>A per-retry policy that throws an <see cref="IOException"/> (a connection reset) on the first attempts.</summary>
internal sealed class ResetFirstAttemptsPolicy(int failures) : HttpPipelinePolicy
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Fail();
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Fail();
        return ProcessNextAsync(message, pipeline);
    }

    private void Fail()
    {
        if (Interlocked.Increment(ref _attempts) <= failures)
        {
            throw new IOException("Connection reset by peer (injected).");
        }
    }
}
