using System.Text.Json.Nodes;

namespace LeadFunctions.Testing.Functions;

/// <summary>One function of <c>functions.metadata</c>: its name, the method it runs and its bindings.</summary>
public sealed record GeneratedFunction(string Name, string EntryPoint, IReadOnlyList<BindingDefinition> Bindings)
{
    /// <summary>The trigger bindings (the host allows exactly one).</summary>
    public IReadOnlyList<BindingDefinition> Triggers => [.. Bindings.Where(binding => binding.IsTrigger)];

    /// <summary>The HTTP trigger, when the function has one.</summary>
    public BindingDefinition? HttpTrigger => Bindings.SingleOrDefault(binding => binding.Is("httpTrigger"));

    public static GeneratedFunction From(JsonObject function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var bindings = function["bindings"] as JsonArray ?? [];
        return new GeneratedFunction(
            function["name"]?.GetValue<string>() ?? string.Empty,
            function["entryPoint"]?.GetValue<string>() ?? string.Empty,
            [.. bindings.Select(binding => new BindingDefinition(binding!.AsObject()))]);
    }

    public override string ToString() => Name;
}
