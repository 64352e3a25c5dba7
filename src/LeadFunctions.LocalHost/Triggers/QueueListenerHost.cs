using System.Runtime.ExceptionServices;
using LeadFunctions.Diagnostics;
using Microsoft.Azure.WebJobs.Host.Timers;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// Runs the WebJobs job host of the queue functions (<see cref="QueueTriggerHost"/>) and restarts it when it fails, as
/// the Functions host does: a listener whose poll fails in a way the queue extension does not absorb (storage refusing
/// connections past the SDK's retries is one) reports to the job host's <see cref="IWebJobsExceptionHandler"/>. The
/// SDK's default handler rethrows on a new thread, which ends the process; the Functions host instead logs "An unhandled
/// exception has occurred" with the exception and restarts its job host. This does the same: it logs the failure once
/// with its stack trace, then stops that job host and starts a new one, backing off while a start fails, until the
/// local host stops.
/// </summary>
internal sealed partial class QueueListenerHost : IAsyncDisposable
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_lastRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(10);

    private readonly Func<IWebJobsExceptionHandler, IHost> _build;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private IHost? _current;
    private Task _restarting = Task.CompletedTask;
    private int _restarts;
    private int _disposed;

    /// <param name="build">Builds a job host whose listeners report their failures to the handler given.</param>
    public QueueListenerHost(Func<IWebJobsExceptionHandler, IHost> build, ILogger logger)
    {
        _build = build;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var host = _build(new FailureHandler(this));
        lock (_gate)
        {
            _current = host;
        }

        await host.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _restarting.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        IHost? host;
        lock (_gate)
        {
            host = _current;
        }

        if (host is not null)
        {
            await host.StopAsync(cancellationToken); // drains the functions in flight
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return; // the local host's container disposes its trigger host once per registration
        }

        await _stopping.CancelAsync();
        await _restarting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        IHost? host;
        lock (_gate)
        {
            host = _current;
            _current = null;
        }

        await DisposeAsync(host);
        _stopping.Dispose();
    }

    /// <summary>
    /// Called on the failed listener's own loop, which ends when this returns: the restart runs beside it, so that
    /// stopping the failed job host does not wait for the loop that is reporting.
    /// </summary>
    private void OnFailure(ExceptionDispatchInfo failure, string kind)
    {
        LogListenerFailed(_logger, RedactedException.From(failure.SourceException), kind);
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || !_restarting.IsCompleted)
            {
                return; // stopping anyway, or a restart is already under way: one restart serves every failed listener
            }

            _restarting = Task.Run(() => RestartAsync(_stopping.Token), CancellationToken.None);
        }
    }

    private async Task RestartAsync(CancellationToken stoppingToken)
    {
        var delay = s_firstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            IHost? failed;
            lock (_gate)
            {
                failed = _current;
                _current = null;
            }

            await StopAndDisposeAsync(failed);
            try
            {
                await Task.Delay(delay, stoppingToken);
                var host = _build(new FailureHandler(this));
                lock (_gate)
                {
                    _current = host;
                }

                await host.StartAsync(stoppingToken);
                LogRestarted(_logger, ++_restarts);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // the local host is stopping: StopAsync stops whatever job host is current
            }
            catch (Exception exception)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_lastRetry.Ticks));
                LogRestartFailed(_logger, RedactedException.From(exception), delay.TotalSeconds);
            }
        }
    }

    private async Task StopAndDisposeAsync(IHost? host)
    {
        if (host is null)
        {
            return;
        }

        try
        {
            // Best effort, as the SDK's own handler: a listener that cannot stop must not hold the restart forever.
            using var grace = new CancellationTokenSource(s_stopGrace);
            await host.StopAsync(grace.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogStopFailed(_logger, RedactedException.From(exception));
        }

        await DisposeAsync(host);
    }

    private static async ValueTask DisposeAsync(IHost? host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host?.Dispose();
        }
    }

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "The queue listener failed ({Kind}); its job host restarts")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "The queue listener's job host restarted (restart {Restarts})")]
    private static partial void LogRestarted(ILogger logger, int restarts);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The queue listener's job host did not start again; next try in {DelaySeconds} s")]
    private static partial void LogRestartFailed(ILogger logger, Exception exception, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The failed queue listener's job host did not stop cleanly")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);

    /// <summary>The job host's exception handler: reports to the supervising host instead of ending the process.</summary>
    private sealed class FailureHandler(QueueListenerHost owner) : IWebJobsExceptionHandler
    {
        public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod)
        {
            owner.OnFailure(exceptionInfo, "function timeout");
            return Task.CompletedTask;
        }

        public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
        {
            owner.OnFailure(exceptionInfo, "unhandled exception");
            return Task.CompletedTask;
        }
    }
}
