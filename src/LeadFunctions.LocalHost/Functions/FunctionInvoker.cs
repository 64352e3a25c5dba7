using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.LocalHost.Functions;

/// <summary>
/// Invokes the app's own function methods as the worker does: one service scope per invocation, the function class
/// created from it with <see cref="ActivatorUtilities"/>, every parameter bound from the trigger (the
/// <see cref="HttpRequest"/> or <see cref="HttpContext"/>, route values by parameter name, the queue message text,
/// the <see cref="TimerInfo"/>, the <see cref="CancellationToken"/>). The bindings are resolved when the host is
/// built, so a function with a parameter the local host cannot bind stops it at start, naming the parameter.
/// </summary>
internal sealed class FunctionInvoker
{
    private readonly IServiceScopeFactory _scopes;
    private readonly Dictionary<string, Invocation> _invocations = new(StringComparer.Ordinal);

    public FunctionInvoker(AppFunctionCatalog catalog, IServiceScopeFactory scopes)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _scopes = scopes;
        foreach (var function in catalog.Functions)
        {
            var method = function.Method;
            _invocations[function.Name] = new Invocation(
                [.. method.GetParameters().Select(parameter => Binder(function, parameter))],
                method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes),
                method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
                    ? method.ReturnType.GetProperty(nameof(Task<object>.Result))
                    : null);
        }
    }

    /// <summary>Runs the function; its result (an IActionResult for HTTP functions) or null.</summary>
    public async Task<object?> InvokeAsync(AppFunction function, TriggerInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(function);
        var invocation = _invocations[function.Name];
        var arguments = new object?[invocation.Binders.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = invocation.Binders[i](input, cancellationToken);
        }

        await using var scope = _scopes.CreateAsyncScope();
        var instance = invocation.Create?.Invoke(scope.ServiceProvider, arguments: null);
        var result = function.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        if (result is Task task)
        {
            await task;
            return invocation.TaskResult?.GetValue(task);
        }

        return result;
    }

    private static Func<TriggerInput, CancellationToken, object?> Binder(AppFunction function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return static (_, cancellationToken) => cancellationToken;
        }

        var binder = function switch
        {
            { Http: not null } => HttpBinder(function, parameter),
            { Queue: not null } when type == typeof(string) && parameter.GetCustomAttribute<QueueTriggerAttribute>() is not null =>
                static (input, _) => input.Message,
            { Timer: not null } when type == typeof(TimerInfo) => static (input, _) => input.Timer,
            _ => null,
        };
        return binder
            ?? throw new InvalidOperationException(
                $"The local host cannot bind parameter '{parameter.Name}' ({type.Name}) of function '{function.Name}'.");
    }

    /// <summary>The request, the context, or a route value of the parameter's name; null when none fits.</summary>
    private static Func<TriggerInput, CancellationToken, object?>? HttpBinder(AppFunction function, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return static (input, _) => input.Http!.Request;
        }

        if (type == typeof(HttpContext))
        {
            return static (input, _) => input.Http;
        }

        if (type == typeof(string)
            && parameter.Name is { } name
            && function.Route.Contains('{' + name, StringComparison.OrdinalIgnoreCase))
        {
            return (input, _) => input.Http!.Request.RouteValues[name]?.ToString();
        }

        return null;
    }

    /// <summary>What invoking a function needs, worked out once: its parameter binders, its class's factory (as the
    /// worker caches one), and the Result of its Task&lt;T&gt;.</summary>
    private sealed record Invocation(
        Func<TriggerInput, CancellationToken, object?>[] Binders,
        ObjectFactory? Create,
        PropertyInfo? TaskResult);
}
