using Azure.Core;
using Azure.Core.Pipeline;
using LeadFunctions.Storage.Authentication;

namespace LeadFunctions.Storage;

/// <summary>Builds the one <see cref="HttpPipeline"/> a service client and its children share.</summary>
internal static class StoragePipeline
{
    /// <summary>The OAuth scope for Azure Storage (tables, queues, blobs).</summary>
    public const string StorageScope = "https://storage.azure.com/.default";

    /// <summary>
    /// The pipeline: Azure.Core's defaults (client request id, telemetry, retry with the options'
    /// <see cref="RetryOptions"/>, redirects, logging, response buffering with the network timeout), then per
    /// retry a fresh <c>x-ms-date</c> and the authorization policy, then any policies added to the options.
    /// The transport is the options' one: by default Azure.Core's shared, pooled <c>HttpClientTransport</c>.
    /// </summary>
    public static HttpPipeline Build(ClientOptions options, HttpPipelinePolicy authorization)
    {
        var pipelineOptions = new HttpPipelineOptions(options)
        {
            RequestFailedDetailsParser = StorageRequestFailedDetailsParser.Shared,
        };
        pipelineOptions.PerRetryPolicies.Add(StorageDatePolicy.Shared);
        pipelineOptions.PerRetryPolicies.Add(authorization);
        return HttpPipelineBuilder.Build(pipelineOptions);
    }

    public static HttpPipelinePolicy BearerToken(TokenCredential credential) =>
        new BearerTokenAuthenticationPolicy(credential, StorageScope);

    /// <summary>Adds the storage headers and query parameters that are safe to log (never $filter or popreceipt).</summary>
    public static void ConfigureDiagnostics(DiagnosticsOptions diagnostics)
    {
        foreach (string header in new[]
        {
            StorageHeaders.Date, StorageHeaders.Version, StorageHeaders.ErrorCode, StorageHeaders.DataServiceVersion,
            StorageHeaders.ApproximateMessagesCount, StorageHeaders.TimeNextVisible, "x-ms-request-id",
            StorageHeaders.ContinuationNextPartitionKey, StorageHeaders.ContinuationNextRowKey, StorageHeaders.Prefer,
            "Preference-Applied", "ETag", "If-Match",
        })
        {
            diagnostics.LoggedHeaderNames.Add(header);
        }

        foreach (string parameter in new[] { "comp", "numofmessages", "visibilitytimeout", "messagettl", "peekonly", "$top", "$select" })
        {
            diagnostics.LoggedQueryParameters.Add(parameter);
        }
    }
}
