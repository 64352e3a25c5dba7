using LeadFunctions.LocalHost.Functions;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host.Timers;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// The queue-triggered functions of the app on the Functions host's own queue listener: the WebJobs SDK with its
/// Storage Queues extension (the packages the host runs), given one emitted job per queue function
/// (<see cref="QueueJobTypes"/>) and host.json's <c>extensions.queues</c> as they are. So polling and its backoff,
/// batch size and new-batch threshold, visibility timeout after a failure, max dequeue count, the
/// <c>&lt;queue&gt;-poison</c> queue and the base64 message encoding are the host's, not an imitation. The queue
/// names' <c>%Setting%</c> and the connection (<c>AzureWebJobsStorage</c>: a connection string or the identity-based
/// settings) are resolved by WebJobs from the local host's configuration; its logs go to the local host's loggers.
/// A listener's failure goes to the handler given (<see cref="QueueListenerHost"/> restarts the job host), where the
/// SDK's default handler would end the process.
/// </summary>
internal static class QueueTriggerHost
{
    public static IHost Build(
        IReadOnlyList<AppFunction> functions,
        QueueFunctionDispatcher dispatcher,
        IConfiguration configuration,
        HostJson hostJson,
        ILoggerFactory loggerFactory,
        IWebJobsExceptionHandler failureHandler)
    {
        IReadOnlyList<Type> jobs = [.. functions.Select(QueueJobTypes.For)];
        return new HostBuilder()
            .ConfigureAppConfiguration(builder => builder.AddConfiguration(configuration))
            .ConfigureWebJobs(webJobs =>
            {
                webJobs.UseHostId("leadfunctions-local");
                webJobs.AddAzureStorageQueues(queues => hostJson.Queues.Bind(queues));
            })
            .ConfigureServices(services =>
            {
                services.AddSingleton<ITypeLocator>(new JobTypeLocator(jobs));
                services.AddSingleton(dispatcher);
                services.AddSingleton(loggerFactory);
                services.AddSingleton(failureHandler); // after AddWebJobs' TryAdd of the SDK's handler, so this one is used
            })
            .Build();
    }
}
