using LeadFunctions.LocalHost.Http;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// Hosts the non-HTTP functions: <c>RescoreLead</c> on the queue named by the <c>RescoreQueueName</c> setting
/// (the app binds <c>%RescoreQueueName%</c>) and <c>DecayAndNotify</c> on the schedule in the
/// <c>DecayAndNotifySchedule</c> setting (<c>%DecayAndNotifySchedule%</c>).
/// </summary>
internal sealed class TriggerHost : BackgroundService
{
    public const string RescoreLead = "RescoreLead";
    public const string DecayAndNotify = "DecayAndNotify";

    private readonly QueueTriggerListener _rescoreListener;
    private readonly TimerTrigger _decayTimer;
    private readonly bool _runTriggers;

    public TriggerHost(
        IServiceProvider services,
        IConfiguration configuration,
        QueueServiceClient queues,
        IOptions<LocalHostOptions> options,
        IHostEnvironment environment,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        var queueName = Required(configuration, "RescoreQueueName");
        var schedule = Required(configuration, "DecayAndNotifySchedule");
        var hostJson = options.Value.HostJsonPath
            ?? LocalSettings.FindUpwards(environment.ContentRootPath, "host.json")
            ?? throw new InvalidOperationException("host.json was not found above the content root; set LocalHost__HostJsonPath.");
        var settings = QueueTriggerSettings.Load(hostJson);
        _runTriggers = options.Value.RunTriggers;

        _rescoreListener = new QueueTriggerListener(
            RescoreLead,
            queues.GetQueueClient(queueName),
            queues.GetQueueClient(queueName + "-poison"),
            settings,
            async (message, ct) =>
            {
                await using var scope = services.CreateAsyncScope();
                var request = RescoreMessages.Deserialize(message);
                await scope.ServiceProvider.GetRequiredService<RescoreRequestHandler>().HandleAsync(request, ct);
            },
            loggerFactory.CreateLogger("Function." + RescoreLead));

        _decayTimer = new TimerTrigger(
            DecayAndNotify,
            schedule,
            async ct =>
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DecayAndNotifyService>().RunAsync(ct);
            },
            timeProvider,
            loggerFactory.CreateLogger("Function." + DecayAndNotify));
    }

    /// <summary>The admin route: runs a non-HTTP function once, now. False when no such function exists.</summary>
    public async Task<bool> RunNowAsync(string name, string? input, CancellationToken cancellationToken)
    {
        if (string.Equals(name, DecayAndNotify, StringComparison.OrdinalIgnoreCase))
        {
            await _decayTimer.InvokeAsync(cancellationToken);
            return true;
        }

        if (string.Equals(name, RescoreLead, StringComparison.OrdinalIgnoreCase))
        {
            await _rescoreListener.InvokeAsync(input ?? string.Empty, cancellationToken);
            return true;
        }

        return false;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _runTriggers
            ? Task.WhenAll(_rescoreListener.RunAsync(stoppingToken), _decayTimer.RunAsync(stoppingToken))
            : Task.CompletedTask;

    private static string Required(IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value : throw new InvalidOperationException($"The setting '{name}' is required.");
}
