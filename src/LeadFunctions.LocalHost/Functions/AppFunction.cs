using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.LocalHost.Functions;

/// <summary>
/// One function of the Functions app, as the app declares it: its <c>[Function]</c> name, the method the worker
/// invokes and its one trigger (exactly one of <see cref="Http"/>, <see cref="Queue"/>, <see cref="Timer"/>).
/// </summary>
internal sealed record AppFunction(
    string Name,
    MethodInfo Method,
    HttpTriggerAttribute? Http,
    QueueTriggerAttribute? Queue,
    TimerTriggerAttribute? Timer)
{
    /// <summary>
    /// The route template under <c>/api</c>: the trigger's route, or the function name when it has none (as the host does).
    /// </summary>
    public string Route => Http?.Route is { Length: > 0 } route ? route.Trim('/') : Name;

    /// <summary>The HTTP methods, upper case; empty for every method.</summary>
    public IReadOnlyList<string> Methods =>
        Http?.Methods is { Length: > 0 } methods ? [.. methods.Select(method => method.ToUpperInvariant())] : [];

    /// <summary>True for a function that needs a key (AuthorizationLevel.Function or Admin).</summary>
    public bool RequiresKey => Http is { AuthLevel: not AuthorizationLevel.Anonymous };

    public override string ToString() => $"{Name} ({Method.DeclaringType?.Name}.{Method.Name})";
}
