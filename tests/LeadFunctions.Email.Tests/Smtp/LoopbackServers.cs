using System.Net;
using System.Net.Sockets;

namespace LeadFunctions.Email.Tests.Smtp;

/// <summary>
/// A TCP listener on a loopback port that either forwards every connection to another loopback port (an SMTP relay
/// that comes back) or accepts connections and never answers (a relay that hangs). Stops on dispose.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int? _forwardTo;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _acceptLoop;

    private LoopbackServer(int port, int? forwardTo)
    {
        _forwardTo = forwardTo;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Forwards connections on <paramref name="port"/> to <paramref name="targetPort"/>.</summary>
    public static LoopbackServer Forwarding(int port, int targetPort) => new(port, targetPort);

    /// <summary>Accepts connections on a free port and never sends a byte (not even the SMTP greeting).</summary>
    public static LoopbackServer Silent() => new(0, null);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Keep(client);
            if (_forwardTo is { } target)
            {
                _ = ForwardAsync(client, target);
            }
        }
    }

    private async Task ForwardAsync(TcpClient client, int targetPort)
    {
        try
        {
            var upstream = new TcpClient();
            Keep(upstream);
            await upstream.ConnectAsync(IPAddress.Loopback, targetPort, _stop.Token);
            var clientStream = client.GetStream();
            var upstreamStream = upstream.GetStream();
            await Task.WhenAny(
                clientStream.CopyToAsync(upstreamStream, _stop.Token),
                upstreamStream.CopyToAsync(clientStream, _stop.Token));
            client.Dispose();
            upstream.Dispose();
        }
        catch (Exception exception)
            when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            client.Dispose();
        }
    }

    private void Keep(TcpClient client)
    {
        lock (_connections)
        {
            _connections.Add(client);
        }
    }
}
