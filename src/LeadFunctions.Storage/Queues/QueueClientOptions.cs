using Azure.Core;

namespace LeadFunctions.Storage.Queues;

/// <summary>How message bodies are written into the queue's XML.</summary>
public enum QueueMessageEncoding
{
    /// <summary>The text as is (it must be valid XML character data; it is escaped).</summary>
    None = 0,

    /// <summary>
    /// Base64 of the UTF-8 bytes: what the Azure Functions queue trigger expects, and safe for any content.
    /// The default here (the official SDK defaults to <see cref="None"/>).
    /// </summary>
    Base64 = 1,
}

/// <summary>
/// Options for <see cref="QueueServiceClient"/> and <see cref="QueueClient"/>: the message encoding, plus
/// Azure.Core's retry (<see cref="ClientOptions.Retry"/>: exponential, 3 retries, 0.8 s base delay, 100 s
/// network timeout by default), transport, diagnostics and extra pipeline policies.
/// </summary>
public class QueueClientOptions : ClientOptions
{
    /// <summary>The Queue service REST version sent as <c>x-ms-version</c>.</summary>
    public const string ServiceVersion = "2021-12-02";

    /// <summary>Creates options with the defaults described on the type.</summary>
    public QueueClientOptions()
    {
        Retry.Mode = RetryMode.Exponential;
        StoragePipeline.ConfigureDiagnostics(Diagnostics);
    }

    /// <summary>How message bodies are encoded; <see cref="QueueMessageEncoding.Base64"/> by default.</summary>
    public QueueMessageEncoding MessageEncoding { get; set; } = QueueMessageEncoding.Base64;
}
