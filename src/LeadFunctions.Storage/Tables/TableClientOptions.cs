using Azure.Core;

namespace LeadFunctions.Storage.Tables;

/// <summary>
/// Options for <see cref="TableServiceClient"/> and <see cref="TableClient"/>: Azure.Core's retry
/// (<see cref="ClientOptions.Retry"/>: exponential, 3 retries, 0.8 s base delay, 100 s network timeout by
/// default), transport, diagnostics, and extra pipeline policies (<see cref="ClientOptions.AddPolicy"/>).
/// </summary>
public class TableClientOptions : ClientOptions
{
    /// <summary>The Table service REST version sent as <c>x-ms-version</c>.</summary>
    public const string ServiceVersion = "2019-02-02";

    /// <summary>Creates options with the defaults described on the type.</summary>
    public TableClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        StoragePipeline.ConfigureDiagnostics(Diagnostics);
    }
}
