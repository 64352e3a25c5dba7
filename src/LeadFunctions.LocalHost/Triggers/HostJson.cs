using System.Globalization;
using System.Text.Json;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// The parts of the root <c>host.json</c> the Functions host applies to queue triggers, with the host's defaults
/// where the file is silent (batchSize 16, newBatchThreshold batchSize/2, maxPollingInterval 1 min,
/// visibilityTimeout 0, maxDequeueCount 5).
/// </summary>
public sealed record QueueTriggerSettings
{
    public int BatchSize { get; init; } = 16;

    public int NewBatchThreshold { get; init; } = 8;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a message being processed stays hidden (the host renews it; a crashed worker's message reappears after it).</summary>
    public TimeSpan ProcessingVisibility { get; init; } = TimeSpan.FromMinutes(1);

    public static QueueTriggerSettings Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"host.json was not found at {path}.", path);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var settings = new QueueTriggerSettings();
        if (!document.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
        {
            return settings;
        }

        var batchSize = Int(queues, "batchSize") ?? settings.BatchSize;
        if (batchSize is < 1 or > 32)
        {
            throw new InvalidOperationException("host.json extensions.queues.batchSize must be between 1 and 32.");
        }

        return settings with
        {
            BatchSize = batchSize,
            NewBatchThreshold = Int(queues, "newBatchThreshold") ?? batchSize / 2,
            MaxPollingInterval = Time(queues, "maxPollingInterval") ?? settings.MaxPollingInterval,
            VisibilityTimeout = Time(queues, "visibilityTimeout") ?? settings.VisibilityTimeout,
            MaxDequeueCount = Int(queues, "maxDequeueCount") ?? settings.MaxDequeueCount,
        };
    }

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : null;

    private static TimeSpan? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : null;
}
