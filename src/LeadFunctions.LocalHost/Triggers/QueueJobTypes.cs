using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using LeadFunctions.LocalHost.Functions;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.Triggers;

/// <summary>
/// Emits, for each queue function of the app, the job class the WebJobs SDK indexes, as the Functions host itself
/// generates one per function: <c>[FunctionName(name)] public Task Run([QueueTrigger(queue, Connection = ...)] string
/// message, CancellationToken cancellationToken)</c>, which calls the app's function through
/// <see cref="QueueFunctionJob"/>. The queue name keeps its <c>%Setting%</c> form; WebJobs resolves it.
/// </summary>
internal static class QueueJobTypes
{
    private static readonly ConcurrentDictionary<string, Type> s_types = new(StringComparer.Ordinal);
    private static readonly Lazy<ModuleBuilder> s_module = new(() =>
        AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("LeadFunctions.LocalHost.QueueJobs"), AssemblyBuilderAccess.Run)
            .DefineDynamicModule("LeadFunctions.LocalHost.QueueJobs"));

    private static readonly Lock s_emitLock = new();

    public static Type For(AppFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var trigger = function.Queue ?? throw new ArgumentException($"{function} is not a queue function.", nameof(function));
        var key = $"{function.Name}|{trigger.QueueName}|{trigger.Connection}";
        lock (s_emitLock)
        {
            return s_types.GetOrAdd(key, _ => Emit(function.Name, trigger.QueueName, trigger.Connection));
        }
    }

    private static Type Emit(string functionName, string queueName, string? connection)
    {
        var baseType = typeof(QueueFunctionJob);
        var type = s_module.Value.DefineType(
            $"LeadFunctions.LocalHost.QueueJobs.{functionName}Job{s_types.Count}",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class,
            baseType);

        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(QueueFunctionDispatcher)]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, baseType.GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(QueueFunctionDispatcher)])!);
        il.Emit(OpCodes.Ret);

        var run = type.DefineMethod("Run", MethodAttributes.Public, typeof(Task), [typeof(string), typeof(CancellationToken)]);
        run.SetCustomAttribute(new CustomAttributeBuilder(typeof(FunctionNameAttribute).GetConstructor([typeof(string)])!, [functionName]));
        var message = run.DefineParameter(1, ParameterAttributes.None, "message");
        message.SetCustomAttribute(connection is null
            ? new CustomAttributeBuilder(typeof(QueueTriggerAttribute).GetConstructor([typeof(string)])!, [queueName])
            : new CustomAttributeBuilder(
                typeof(QueueTriggerAttribute).GetConstructor([typeof(string)])!,
                [queueName],
                [typeof(QueueTriggerAttribute).GetProperty(nameof(QueueTriggerAttribute.Connection))!],
                [connection]));
        run.DefineParameter(2, ParameterAttributes.None, "cancellationToken");
        il = run.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldstr, functionName);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, baseType.GetMethod("RunAsync", BindingFlags.Instance | BindingFlags.NonPublic)!);
        il.Emit(OpCodes.Ret);
        return type.CreateType();
    }
}
