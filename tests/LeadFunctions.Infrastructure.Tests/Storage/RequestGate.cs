using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// A pipeline policy of the Azure SDK that holds one client's first request matching <paramref name="matches"/> at a
/// chosen point (before it is sent, or after its response arrived) until <paramref name="hold"/> completes: a black-box way
/// to stop a store between two of its storage requests and let another writer act there, without a seam in the store.
/// </summary>
internal sealed class RequestGate(Func<HttpMessage, bool> matches, Func<Task> hold, bool afterResponse) : HttpPipelinePolicy
{
    private int _held;

    /// <summary>Whether the gate met its request (and held it).</summary>
    public bool Held => Volatile.Read(ref _held) == 1;

    /// <summary>A request to the table whose name ends in <paramref name="table"/> (after the test's prefix).</summary>
    public static bool IsTable(HttpMessage message, string table) =>
        message.Request.Uri.Path.Contains(table + "(", StringComparison.Ordinal)
        || message.Request.Uri.Path.EndsWith(table, StringComparison.Ordinal);

    /// <summary>The request's query, decoded (filters read as written).</summary>
    public static string Query(HttpMessage message) => Uri.UnescapeDataString(message.Request.Uri.Query);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var hit = matches(message) && Interlocked.CompareExchange(ref _held, 1, 0) == 0;
        if (hit && !afterResponse)
        {
            await hold();
        }

        await ProcessNextAsync(message, pipeline);
        if (hit && afterResponse)
        {
            await hold();
        }
    }
}
