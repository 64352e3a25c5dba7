using LeadFunctions.Diagnostics;
using LeadFunctions.LocalHost.Functions;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// Runs a timer-triggered function of the app on its NCRONTAB schedule with seconds (the Functions format,
/// "0 */15 * * * *"), with the Functions timer's semantics: never two runs of the function at once (a run due while
/// another is still going waits for it and is then <see cref="TimerInfo.IsPastDue"/>), a failed run is logged and the
/// schedule goes on, the <see cref="TimerInfo"/> says when it last ran and runs next.
/// </summary>
internal sealed partial class TimerTrigger : IDisposable
{
    private readonly AppFunction _function;
    private readonly CrontabSchedule _schedule;
    private readonly FunctionInvoker _invoker;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _running = new(1, 1);
    private DateTime _last;

    /// <param name="schedule">The schedule with its <c>%Setting%</c> resolved.</param>
    public TimerTrigger(AppFunction function, string schedule, FunctionInvoker invoker, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(function);
        _function = function;
        _schedule = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new InvalidOperationException(
                $"The schedule of {function.Name} ('{schedule}') is not an NCRONTAB expression with six fields.");
        _invoker = invoker;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string FunctionName => _function.Name;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = _timeProvider.GetUtcNow().UtcDateTime;
            var next = _schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, _timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await InvokeAsync(next, stoppingToken);
        }
    }

    /// <summary>Runs the function now (the admin API), after any run in progress.</summary>
    public Task InvokeAsync(CancellationToken cancellationToken) => InvokeAsync(scheduledFor: null, cancellationToken);

    public void Dispose() => _running.Dispose();

    private async Task InvokeAsync(DateTime? scheduledFor, CancellationToken cancellationToken)
    {
        try
        {
            await _running.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            var now = _timeProvider.GetUtcNow().UtcDateTime;
            var timer = new TimerInfo
            {
                // Past due when it starts a second or more after its occurrence (it waited for a run in progress).
                IsPastDue = scheduledFor is { } due && now - due >= TimeSpan.FromSeconds(1),
                ScheduleStatus = new ScheduleStatus { Last = _last, Next = _schedule.GetNextOccurrence(now), LastUpdated = now },
            };
            _last = now;
            await _invoker.InvokeAsync(_function, new TriggerInput(Timer: timer), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed run is logged; the schedule goes on, as in the Functions host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFailed(_logger, RedactedException.From(exception), FunctionName);
        }
        finally
        {
            _running.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string functionName);
}
