namespace LeadFunctions.LocalHost;

/// <summary>
/// The app's <c>host.json</c> (the repository root's, or <c>LocalHost__HostJsonPath</c>) as configuration: the parts
/// the local host applies as the Functions host does, the HTTP route prefix and the queue settings, which go to the
/// WebJobs queue listener as they are (<c>extensions.queues</c>).
/// </summary>
internal sealed class HostJson
{
    private readonly IConfiguration _configuration;

    private HostJson(string path, IConfiguration configuration)
    {
        Path = path;
        _configuration = configuration;
    }

    public string Path { get; }

    /// <summary><c>extensions.http.routePrefix</c>; "api" when the file is silent, as in the host.</summary>
    public string RoutePrefix => _configuration["extensions:http:routePrefix"] ?? "api";

    /// <summary>
    /// <c>extensions.queues</c>: batchSize, newBatchThreshold, maxPollingInterval, visibilityTimeout, maxDequeueCount,
    /// messageEncoding.
    /// </summary>
    public IConfigurationSection Queues => _configuration.GetSection("extensions:queues");

    /// <summary>Reads host.json from the setting <c>LocalHost:HostJsonPath</c>, or the nearest one above the content root.</summary>
    public static HostJson Load(IConfiguration settings, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var path = settings["LocalHost:HostJsonPath"] is { Length: > 0 } configured
            ? configured
            : LocalSettings.FindUpwards(contentRoot, "host.json")
              ?? throw new InvalidOperationException("host.json was not found above the content root; set LocalHost__HostJsonPath.");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"host.json was not found at {path} (LocalHost__HostJsonPath).");
        }

        return new HostJson(path, new ConfigurationBuilder().AddJsonFile(path, optional: false, reloadOnChange: false).Build());
    }
}
