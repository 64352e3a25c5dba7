using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// Notices a TableNotFound answer from the service (a table deleted under a running app, or an emulator that came
/// back empty), so that the lead store creates its tables again on the next call instead of failing forever.
/// </summary>
public sealed class TableAvailability
{
    private int _missing;

    /// <summary>True once after a TableNotFound was seen (and clears the flag).</summary>
    public bool TakeMissing() => Interlocked.Exchange(ref _missing, 0) == 1;

    internal void MarkMissing() => Interlocked.Exchange(ref _missing, 1);

    /// <summary>The pipeline policy that watches the answers (per call, after retries).</summary>
    public HttpPipelinePolicy CreatePolicy() => new Policy(this);

    private sealed class Policy(TableAvailability availability) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Observe(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Observe(message);
        }

        private void Observe(HttpMessage message)
        {
            if (message.HasResponse && message.Response.Status == 404
                && message.Response.Headers.TryGetValue("x-ms-error-code", out var code) && code == "TableNotFound")
            {
                availability.MarkMissing();
            }
        }
    }
}
