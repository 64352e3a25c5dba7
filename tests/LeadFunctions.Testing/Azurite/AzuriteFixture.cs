using System.Globalization;

namespace LeadFunctions.Testing.Azurite;

/// <summary>
/// Runs a real Azurite (Blob, Queue and Table emulator) from the repository's <c>node_modules</c> on free
/// loopback ports, for integration tests. Share one instance per test collection:
/// <code>
/// [CollectionDefinition(Name)] public sealed class StorageCollection : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// Azurite runs with <c>--inMemoryPersistence</c>: <see cref="StopAsync"/> and <see cref="RestartAsync"/> lose
/// every table, queue, entity and message; tests that simulate an outage must create their resources again
/// after the restart. Fails (never skips) when Azurite is not installed: run <c>npm ci</c> in the repository root.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The emulator's well-known account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known (public) account key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int StartAttempts = 3;
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private string? _script;
    private string? _workspace; // the working directory: anything Azurite writes stays out of the repository
    private NodeServerProcess? _server;
    private int[] _ports = [];

    /// <summary>The Blob service endpoint (path-style: <c>http://127.0.0.1:port/devstoreaccount1</c>).</summary>
    public Uri BlobEndpoint => Endpoint(0);

    /// <summary>The Queue service endpoint.</summary>
    public Uri QueueEndpoint => Endpoint(1);

    /// <summary>The Table service endpoint.</summary>
    public Uri TableEndpoint => Endpoint(2);

    /// <summary>A connection string for the well-known account with explicit endpoints for this instance.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>Whether Azurite is running (between start and <see cref="StopAsync"/>).</summary>
    public bool IsRunning => _server is { HasExited: false };

    /// <summary>Starts Azurite on free ports and waits until the three services answer.</summary>
    public async Task InitializeAsync()
    {
        string root = RepositoryRoot.Find();
        _script = NodeServerProcess.RequireScript(root, "azurite", Path.Combine("dist", "src", "azurite.js"));
        _workspace = Directory.CreateTempSubdirectory("azurite-").FullName;

        for (int attempt = 1; ; attempt++)
        {
            _ports = FreePorts.Pick(3);
            if (await TryStartAsync())
            {
                return;
            }

            // Exited before answering. A port taken between picking and binding is retried on new ports;
            // anything else is a real failure.
            string output = _server?.OutputTail ?? string.Empty;
            await StopServerAsync();
            if (!IsPortClash(output) || attempt == StartAttempts)
            {
                throw new InvalidOperationException($"Azurite exited during start-up (attempt {attempt}). Its output:{Environment.NewLine}{output}");
            }
        }
    }

    /// <summary>
    /// Stops Azurite (kills the process tree); the ports stay reserved for <see cref="StartAsync"/>.
    /// In-memory data is lost.
    /// </summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            await StopServerAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Starts Azurite again on the same ports after <see cref="StopAsync"/>, empty, and waits until it answers.
    /// Retries for up to 30 s while a port is still held by the stopped process.
    /// </summary>
    public async Task StartAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (IsRunning)
            {
                return;
            }

            DateTime deadline = DateTime.UtcNow + s_readyTimeout;
            while (!await TryStartAsync())
            {
                string output = _server?.OutputTail ?? string.Empty;
                await StopServerAsync();
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite could not restart on ports {string.Join(", ", _ports)}. Last output:{Environment.NewLine}{output}");
                }

                await Task.Delay(200);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops and starts Azurite on the same ports: every table, queue and message is gone afterwards.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Kills Azurite and deletes its working directory.</summary>
    public async Task DisposeAsync()
    {
        await StopServerAsync();
        if (_workspace is not null && Directory.Exists(_workspace))
        {
            Directory.Delete(_workspace, recursive: true);
        }

        _lifecycle.Dispose();
    }

    /// <inheritdoc />
    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task<bool> TryStartAsync()
    {
        string[] arguments =
        [
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck",
            "--blobHost", "127.0.0.1", "--blobPort", Port(0),
            "--queueHost", "127.0.0.1", "--queuePort", Port(1),
            "--tableHost", "127.0.0.1", "--tablePort", Port(2),
        ];
        _server = NodeServerProcess.Start(_script!, arguments, _workspace!);
        return await Readiness.WaitForHttpAsync([BlobEndpoint, QueueEndpoint, TableEndpoint], _server, s_readyTimeout);
    }

    private static bool IsPortClash(string output) => output.Contains("EADDRINUSE", StringComparison.Ordinal);

    private async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    private string Port(int index) => _ports[index].ToString(CultureInfo.InvariantCulture);

    private Uri Endpoint(int index) =>
        _ports.Length == 3
            ? new Uri($"http://127.0.0.1:{_ports[index]}/{AccountName}")
            : throw new InvalidOperationException("Azurite has not been started: the fixture's InitializeAsync has not run.");
}
