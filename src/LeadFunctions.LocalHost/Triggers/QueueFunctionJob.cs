using System.ComponentModel;
using LeadFunctions.LocalHost.Functions;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// The base of the WebJobs job class emitted for each queue function of the app (<see cref="QueueJobTypes"/>): the
/// WebJobs SDK indexes the emitted method's <c>[QueueTrigger]</c> and calls it per message, and it hands the message to
/// the app's own function. Public only because the emitted types live in a dynamic assembly.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class QueueFunctionJob
{
    private readonly QueueFunctionDispatcher _dispatcher;

    protected QueueFunctionJob(QueueFunctionDispatcher dispatcher) => _dispatcher = dispatcher;

    protected Task RunAsync(string functionName, string message, CancellationToken cancellationToken) =>
        _dispatcher.RunAsync(functionName, message, cancellationToken);
}
