using LeadFunctions.Infrastructure;
using LeadFunctions.Qualification;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.FunctionApp.Functions;

/// <summary>
/// The queue function that rescores leads and the timer that decays stale engagement and hands new SQLs to sales.
/// Queue retries, visibility timeout and the poison queue come from host.json (extensions.queues).
/// </summary>
public sealed class BackgroundFunctions(RescoreRequestHandler rescore, DecayAndNotifyService decay)
{
    [Function("RescoreLead")]
    public Task RescoreLeadAsync(
        [QueueTrigger(StorageRegistration.RescoreQueueBinding, Connection = StorageRegistration.ConnectionName)] string message,
        CancellationToken cancellationToken) =>
        rescore.HandleAsync(RescoreMessages.Deserialize(message), cancellationToken);

    [Function("DecayAndNotify")]
    public Task DecayAndNotifyAsync(
        [TimerTrigger(TimerSchedules.DecayAndNotifyBinding)] TimerInfo timer,
        CancellationToken cancellationToken) =>
        decay.RunAsync(cancellationToken);
}
