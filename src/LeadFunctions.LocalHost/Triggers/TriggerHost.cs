using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using LeadFunctions.Diagnostics;
using LeadFunctions.LocalHost.Functions;
using LeadFunctions.LocalHost.Http;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// Hosts the app's non-HTTP functions, as the app declares them: each queue function on the WebJobs queue listener
/// (<see cref="QueueTriggerHost"/>), each timer function on its schedule (<see cref="TimerTrigger"/>, the schedule's
/// <c>%Setting%</c> resolved from configuration), and "run now" for the admin API. With
/// <c>LocalHost__RunTriggers=false</c> it serves the admin API only.
/// </summary>
internal sealed partial class TriggerHost : IHostedService, IAsyncDisposable
{
    private readonly AppFunctionCatalog _catalog;
    private readonly FunctionInvoker _invoker;
    private readonly IReadOnlyList<TimerTrigger> _timers;
    private readonly QueueListenerHost? _queues;
    private readonly bool _runTriggers;
    private readonly ILogger _logger;
    private readonly IConfiguration _configuration;
    private readonly QueueServiceClient _queueService;
    private readonly CancellationTokenSource _stopping = new();
    private Task _timerLoops = Task.CompletedTask;

    public TriggerHost(
        AppFunctionCatalog catalog,
        FunctionInvoker invoker,
        QueueFunctionDispatcher dispatcher,
        HostJson hostJson,
        IConfiguration configuration,
        QueueServiceClient queueService,
        IOptions<LocalHostOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _catalog = catalog;
        _invoker = invoker;
        _runTriggers = options.Value.RunTriggers;
        _configuration = configuration;
        _queueService = queueService;
        _logger = loggerFactory.CreateLogger<TriggerHost>();
        _timers = [.. catalog.Functions
            .Where(function => function.Timer is not null)
            .Select(function => new TimerTrigger(
                function,
                Resolve(configuration, function.Timer!.Schedule, function.Name),
                invoker,
                timeProvider,
                loggerFactory.CreateLogger("Function." + function.Name)))];
        var queueFunctions = catalog.Functions.Where(function => function.Queue is not null).ToArray();
        _queues = _runTriggers && queueFunctions.Length > 0
            ? new QueueListenerHost(
                failureHandler => QueueTriggerHost.Build(queueFunctions, dispatcher, configuration, hostJson, loggerFactory, failureHandler),
                loggerFactory.CreateLogger<QueueListenerHost>())
            : null;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_runTriggers)
        {
            return;
        }

        if (_queues is not null)
        {
            await CreateQueuesAsync(cancellationToken);
            await _queues.StartAsync(cancellationToken);
        }

        _timerLoops = Task.WhenAll(_timers.Select(timer => Task.Run(() => timer.RunAsync(_stopping.Token), CancellationToken.None)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_queues is not null)
        {
            await _queues.StopAsync(cancellationToken); // drains the functions in flight
        }

        await _timerLoops.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The admin API: runs a non-HTTP function once, now. False when the app has no such function.</summary>
    public async Task<bool> RunNowAsync(string name, string? input, CancellationToken cancellationToken)
    {
        var function = _catalog.FindNonHttp(name);
        if (function is null)
        {
            return false;
        }

        if (_timers.FirstOrDefault(timer => timer.FunctionName == function.Name) is { } timer)
        {
            await timer.InvokeAsync(cancellationToken);
            return true;
        }

        try
        {
            await _invoker.InvokeAsync(function, new TriggerInput(Message: input ?? string.Empty), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // As in the host, the admin API accepts the run; its failure is the function's, and logged.
            LogRunNowFailed(_logger, RedactedException.From(exception), function.Name);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }

        if (_queues is not null)
        {
            await _queues.DisposeAsync();
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// Creates each queue function's queue, as the Bicep does in Azure, so the listener does not poll a missing queue
    /// until the first message creates it. Storage being down at start is not fatal: the listener waits for it.
    /// </summary>
    private async Task CreateQueuesAsync(CancellationToken cancellationToken)
    {
        foreach (var function in _catalog.Functions.Where(function => function.Queue is not null))
        {
            try
            {
                var name = Resolve(_configuration, function.Queue!.QueueName, function.Name);
                await _queueService.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException or TimeoutException)
            {
                LogQueueNotCreated(_logger, RedactedException.From(exception), function.Name);
            }
        }
    }

    /// <summary>Replaces each <c>%Setting%</c> with the setting's value, as the host resolves binding expressions.</summary>
    private static string Resolve(IConfiguration configuration, string expression, string functionName) =>
        SettingExpression().Replace(expression, match =>
        {
            var name = match.Groups["name"].Value;
            return configuration[name.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException(
                    $"The function '{functionName}' is in error: the setting '{name}' that it binds (%{name}%) is not set.");
        });

    [GeneratedRegex("%(?<name>[^%]+)%")]
    private static partial Regex SettingExpression();

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "The queue of {FunctionName} could not be created at start; the listener waits for storage")]
    private static partial void LogQueueNotCreated(ILogger logger, Exception exception, string functionName);

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName} failed (run from the admin API)")]
    private static partial void LogRunNowFailed(ILogger logger, Exception exception, string functionName);
}
