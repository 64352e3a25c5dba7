using System.Globalization;

namespace LeadFunctions.Testing.Azurite;

/// <summary>
/// Runs a real Azurite (Blob, Queue and Table emulator) from the repository's <c>node_modules</c> on free
/// loopback ports, for integration tests. Share one instance per test collection:
/// <code>
/// [CollectionDefinition(Name)] public sealed class StorageCollection : ICollectionFixture&lt;AzuriteFixture&gt;;
/// </code>
/// By default Azurite runs with <c>--inMemoryPersistence</c>: <see cref="StopAsync"/> kills it, and
/// <see cref="StopAsync"/> and <see cref="RestartAsync"/> lose every table, queue, entity and message; tests that
/// simulate an outage must create their resources again after the restart. <see cref="OnDisk"/> makes one that keeps
/// its data in its own temporary folder (<c>--location</c>), stops gracefully and so survives a stop and start, as
/// real storage survives an outage. Fails (never skips) when Azurite is not installed: run <c>npm ci</c> in the
/// repository root.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The emulator's well-known account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known (public) account key.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int StartAttempts = 3;
    private const string LauncherFileName = "azurite-launcher.js";
    private const string StopRequestFileName = "azurite.stop";
    private static readonly TimeSpan s_readyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_gracefulStopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The on-disk mode's Node entry point: runs Azurite (argv[2], followed by Azurite's own arguments) and, once the
    /// stop file (argv[3]) appears, stops it gracefully. First it drains: new requests are refused (connection
    /// closed, as when a server goes away) and the requests Azurite is already handling are allowed to finish. Then
    /// it runs Azurite's own SIGTERM handler, which closes the servers and the stores: closing the LokiJS databases
    /// (tables, queue metadata, queue extents; autosaved only every 5 s) writes them to disk, and the message bodies
    /// are already in their extent files. Node exits when everything is closed. Why not simply a signal: the drain
    /// matters, because Azurite's handler closes its stores without waiting for the requests in progress (ServerBase
    /// .close does not await the HTTP server's stop), so a write it acknowledged in that moment could be missing after
    /// a restart, and real storage never loses an acknowledged write; and a stop file works on every OS (Windows has
    /// no SIGTERM, and NodeServerProcess can only kill).
    /// </summary>
    private const string LauncherScript = """
        'use strict';
        // Written by LeadFunctions.Testing's AzuriteFixture (on-disk mode). See the fixture for what it does.
        const fs = require('fs');
        const http = require('http');
        const [azurite, stopFile] = process.argv.splice(2, 2);
        const servers = [];
        let inFlight = 0;
        let draining = false;
        const createServer = http.createServer;
        http.createServer = function (...args) {
          const server = createServer.apply(this, args);
          const emit = server.emit;
          server.emit = function (event, ...rest) {
            if (event !== 'request') {
              return emit.call(this, event, ...rest);
            }
            const [request, response] = rest;
            if (draining) {
              request.socket.destroy();
              return true;
            }
            inFlight++;
            response.once('close', () => inFlight--);
            return emit.call(this, event, ...rest);
          };
          servers.push(server);
          return server;
        };
        const poll = setInterval(() => {
          if (!draining && fs.existsSync(stopFile) && process.listenerCount('SIGTERM') > 0) {
            draining = true;
            for (const server of servers) {
              server.close();
              server.closeIdleConnections();
            }
          }
          if (draining && inFlight === 0) {
            clearInterval(poll);
            process.emit('SIGTERM');
          }
        }, 20);
        poll.unref();
        require(azurite);
        """;

    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly bool _onDisk;
    private string? _script;
    private string? _workspace; // the working directory: anything Azurite writes stays out of the repository
    private NodeServerProcess? _server;
    private int[] _ports = [];

    /// <summary>An Azurite that keeps its data in memory (<c>--inMemoryPersistence</c>): a stop loses everything.</summary>
    public AzuriteFixture()
        : this(onDisk: false)
    {
    }

    private AzuriteFixture(bool onDisk)
    {
        _onDisk = onDisk;
    }

    /// <summary>
    /// An Azurite that keeps its data on disk, in its own temporary folder (deleted on dispose):
    /// <see cref="StopAsync"/> stops it gracefully (it finishes the requests it is handling and writes its databases)
    /// and <see cref="StartAsync"/> brings it back on the same ports with every table, entity, queue and message
    /// that was acknowledged before the stop. For outage tests that check what survives. Call
    /// <see cref="InitializeAsync"/> (or use it as a fixture).
    /// </summary>
    public static AzuriteFixture OnDisk() => new(onDisk: true);

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
    /// <summary>A Table service client for this Azurite (the Azure SDK's, as the app uses).</summary>
    public Azure.Data.Tables.TableServiceClient CreateTableServiceClient() => new(ConnectionString);

    /// <summary>A Queue service client for this Azurite with base64 messages, the queue trigger's encoding (as the app uses).</summary>
    public Azure.Storage.Queues.QueueServiceClient CreateQueueServiceClient() =>
        new(
            ConnectionString,
            new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });

    public bool IsRunning => _server is { HasExited: false };

    /// <summary>Starts Azurite on free ports and waits until the three services answer.</summary>
    public async Task InitializeAsync()
    {
        string root = RepositoryRoot.Find();
        _script = NodeServerProcess.RequireScript(root, "azurite", Path.Combine("dist", "src", "azurite.js"));
        _workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
        if (_onDisk)
        {
            await File.WriteAllTextAsync(Path.Combine(_workspace, LauncherFileName), LauncherScript);
        }

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
                throw new InvalidOperationException(
                    $"Azurite exited during start-up (attempt {attempt}). Its output:{Environment.NewLine}{output}");
            }
        }
    }

    /// <summary>
    /// Stops Azurite; the ports stay reserved for <see cref="StartAsync"/>. In memory (the default) it is killed and
    /// its data is lost. <see cref="OnDisk"/>: it refuses new requests, finishes the ones it is handling, writes its
    /// databases and exits (as on SIGTERM), and this waits for the exit; if it has not exited within 30 s it is
    /// killed and this throws, because its data may then be incomplete.
    /// </summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_onDisk)
            {
                await StopGracefullyAsync();
            }

            await StopServerAsync();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Starts Azurite again on the same ports after <see cref="StopAsync"/> and waits until it answers: empty in
    /// memory (the default), with the data it had when it stopped <see cref="OnDisk"/>. Retries for up to 30 s while
    /// a port is still held by the stopped process.
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
                    throw new InvalidOperationException(
                        $"Azurite could not restart on ports {string.Join(", ", _ports)}. Last output:{Environment.NewLine}{output}");
                }

                await Task.Delay(200);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops and starts Azurite on the same ports: in memory (the default) every table, queue and message is gone
    /// afterwards; <see cref="OnDisk"/> keeps them.
    /// </summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    /// <summary>Kills Azurite and deletes its working directory (with the data of an <see cref="OnDisk"/> one).</summary>
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
        string[] ports =
        [
            "--blobHost", "127.0.0.1", "--blobPort", Port(0),
            "--queueHost", "127.0.0.1", "--queuePort", Port(1),
            "--tableHost", "127.0.0.1", "--tablePort", Port(2),
        ];
        if (_onDisk)
        {
            // The launcher runs Azurite and stops it gracefully on request; the data lives in the workspace.
            File.Delete(StopRequestPath);
            string[] launcher =
                [_script!, StopRequestPath, "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--location", _workspace!];
            _server = NodeServerProcess.Start(Path.Combine(_workspace!, LauncherFileName), [.. launcher, .. ports], _workspace!);
        }
        else
        {
            _server = NodeServerProcess.Start(
                _script!,
                ["--silent", "--inMemoryPersistence", "--skipApiVersionCheck", .. ports],
                _workspace!);
        }

        return await Readiness.WaitForHttpAsync([BlobEndpoint, QueueEndpoint, TableEndpoint], _server, s_readyTimeout);
    }

    private string StopRequestPath => Path.Combine(_workspace!, StopRequestFileName);

    /// <summary>Asks the launcher to drain and stop Azurite and waits for Node to exit (see <see cref="LauncherScript"/>).</summary>
    private async Task StopGracefullyAsync()
    {
        if (_server is null || _server.HasExited)
        {
            return;
        }

        await File.WriteAllTextAsync(StopRequestPath, "stop");
        DateTime deadline = DateTime.UtcNow + s_gracefulStopTimeout;
        while (!_server.HasExited)
        {
            if (DateTime.UtcNow > deadline)
            {
                string output = _server.OutputTail;
                await StopServerAsync();
                throw new TimeoutException(
                    $"Azurite did not stop within {s_gracefulStopTimeout.TotalSeconds:0} s of being asked to and was killed: its data " +
                    $"may be incomplete. Its output:{Environment.NewLine}{output}");
            }

            await Task.Delay(50);
        }
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
