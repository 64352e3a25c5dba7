using Microsoft.Extensions.Logging;
using NCrontab;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>Runs a timer-triggered function on an NCRONTAB schedule with seconds (the Functions format: "0 */15 * * * *").</summary>
public sealed partial class TimerTrigger(string functionName, string schedule, Func<CancellationToken, Task> function, TimeProvider timeProvider, ILogger logger)
{
    private readonly CrontabSchedule _schedule = Parse(functionName, schedule);

    public string FunctionName { get; } = functionName;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow().UtcDateTime;
            var next = _schedule.GetNextOccurrence(now);
            try
            {
                await Task.Delay(next - now, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await InvokeAsync(stoppingToken);
        }
    }

    /// <summary>Runs the function now (the admin route), logging a failure like the host does.</summary>
    public async Task InvokeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await function(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed run is logged; the schedule goes on, as in the Functions host.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFailed(logger, FunctionName, exception.GetType().Name, exception.Message);
        }
    }

    private static CrontabSchedule Parse(string functionName, string schedule)
    {
        var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return parsed ?? throw new InvalidOperationException($"The schedule of {functionName} ('{schedule}') is not an NCRONTAB expression with six fields.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{FunctionName} failed: {Error}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string functionName, string error, string reason);
}
