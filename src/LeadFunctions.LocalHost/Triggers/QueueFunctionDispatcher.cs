using System.ComponentModel;
using LeadFunctions.LocalHost.Functions;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>Runs an app function for a queue message (what the emitted jobs call).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class QueueFunctionDispatcher
{
    private readonly FunctionInvoker _invoker;
    private readonly AppFunctionCatalog _catalog;

    internal QueueFunctionDispatcher(FunctionInvoker invoker, AppFunctionCatalog catalog)
    {
        _invoker = invoker;
        _catalog = catalog;
    }

    public Task RunAsync(string functionName, string message, CancellationToken cancellationToken) =>
        _invoker.InvokeAsync(_catalog.FindNonHttp(functionName)!, new TriggerInput(Message: message), cancellationToken);
}
