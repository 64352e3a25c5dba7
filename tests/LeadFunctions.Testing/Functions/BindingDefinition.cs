using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadFunctions.Testing.Functions;

/// <summary>One binding of a function in <c>functions.metadata</c>, as the Functions host reads it.</summary>
public sealed class BindingDefinition(JsonObject binding)
{
    public string Type => Text("type") ?? string.Empty;

    /// <summary>A trigger, by the host's rule: a binding whose type ends in "Trigger" (any case).</summary>
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    /// <summary>The HTTP route template; the host uses the function's name when there is none.</summary>
    public string? Route => Text("route");

    /// <summary>The HTTP methods, lower case; empty means every method.</summary>
    public IReadOnlySet<string> Methods =>
        (binding["methods"] as JsonArray ?? [])
            .Select(method => method!.GetValue<string>().ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The HTTP authorization level (Anonymous, Function, Admin).</summary>
    public string? AuthLevel => Text("authLevel");

    /// <summary>A queue trigger's queue name, or a timer trigger's schedule (either may be a <c>%Setting%</c>).</summary>
    public string? QueueNameOrSchedule => Text("queueName") ?? Text("schedule");

    /// <summary>The name of the connection's setting (or setting prefix), when the binding has one.</summary>
    public string? Connection => Text("connection");

    public bool Is(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every string value anywhere in the binding (where <c>%Setting%</c> expressions can appear).</summary>
    public IEnumerable<string> StringValues() => StringsIn(binding);

    public override string ToString() => binding.ToJsonString();

    private string? Text(string name) =>
        binding.FirstOrDefault(property => string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
        && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : null;

    private static IEnumerable<string> StringsIn(JsonNode? node) => node switch
    {
        JsonObject properties => properties.SelectMany(property => StringsIn(property.Value)),
        JsonArray items => items.SelectMany(StringsIn),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => [],
    };
}
