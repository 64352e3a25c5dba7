using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>
/// One template of a compiled deployment: the main template, or the template of a module, which Bicep compiles into a
/// nested <c>Microsoft.Resources/deployments</c> resource evaluated in its own scope.
/// Evaluates what is known before deployment: literals, variables, parameter defaults and the values a parent passes,
/// copy loops, and a few pure functions. Anything known only in Azure (<c>reference()</c>, <c>uniqueString()</c>, a
/// parameter without default) throws, naming the expression.
/// </summary>
public sealed partial class ArmTemplate
{
    public const string DeploymentType = "Microsoft.Resources/deployments";

    private static readonly Dictionary<string, Func<ArmTemplate, ArmCall, IReadOnlyDictionary<string, int>, JsonNode?>> Functions =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["variables"] = (scope, call, copy) => scope.Variable(scope.StringArgument(call, 0, copy)),
            ["parameters"] = (scope, call, copy) => scope.Parameter(scope.StringArgument(call, 0, copy)),
            ["copyIndex"] = CopyIndex,
            ["length"] = (scope, call, copy) => scope.Evaluate(call.Arguments[0], copy) switch
            {
                JsonArray array => (long)array.Count,
                JsonObject properties => (long)properties.Count,
                JsonValue value when value.TryGetValue(out string? text) => (long)text.Length,
                _ => throw scope.CannotEvaluate(call, "length() of a value that is no array, object or string"),
            },
            ["createObject"] = (scope, call, copy) => new JsonObject(call.Arguments.Chunk(2).Select(pair =>
                KeyValuePair.Create(scope.StringArgument(pair[0], copy), Detach(scope.Evaluate(pair[1], copy))))),
            ["union"] = Union,
            ["format"] = Format,
            ["if"] = (scope, call, copy) => scope.Evaluate(call.Arguments[scope.Condition(call.Arguments[0], copy) ? 1 : 2], copy),
            ["and"] = (scope, call, copy) => call.Arguments.All(argument => scope.Condition(argument, copy)),
            ["or"] = (scope, call, copy) => call.Arguments.Any(argument => scope.Condition(argument, copy)),
            ["not"] = (scope, call, copy) => !scope.Condition(call.Arguments[0], copy),
            ["equals"] = (scope, call, copy) =>
                JsonNode.DeepEquals(scope.Evaluate(call.Arguments[0], copy), scope.Evaluate(call.Arguments[1], copy)),
            ["empty"] = (scope, call, copy) => scope.Evaluate(call.Arguments[0], copy) switch
            {
                null => true,
                JsonArray array => array.Count == 0,
                JsonObject properties => properties.Count == 0,
                JsonValue value when value.TryGetValue(out string? text) => text.Length == 0,
                _ => throw scope.CannotEvaluate(call, "empty() of a value that is no array, object or string"),
            },
            ["true"] = (_, _, _) => true,
            ["false"] = (_, _, _) => false,
            ["null"] = (_, _, _) => null,
        };

    private static readonly IReadOnlyDictionary<string, int> NoCopy = new Dictionary<string, int>();

    internal ArmTemplate(JsonObject json, string deploymentName, ArmResource? deployment)
    {
        Json = json;
        DeploymentName = deploymentName;
        Deployment = deployment;
        // Language version 2.0 keys resources by symbolic name and lists `existing` references; 1.0 has an array.
        var resources = json["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(resource => resource.Value).OfType<JsonObject>(),
            _ => [],
        };
        Resources =
        [
            .. resources
                .Where(resource => resource["existing"]?.GetValue<bool>() != true)
                .Select(resource => new ArmResource(this, resource)),
        ];
    }

    /// <summary>The template's JSON.</summary>
    public JsonObject Json { get; }

    /// <summary>"main" for the main template; the module's deployment name (<c>api</c>, <c>rbac</c>) for a nested one.</summary>
    public string DeploymentName { get; }

    /// <summary>The nested deployment resource in the parent template; null for the main template.</summary>
    public ArmResource? Deployment { get; }

    public ArmTemplate? Parent => Deployment?.Template;

    /// <summary>The resources the template deploys (<c>existing</c> references left out), nested deployments included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>The templates of the nested deployments (modules) of this template.</summary>
    public IEnumerable<ArmTemplate> Modules => Resources.Select(resource => resource.NestedTemplate).OfType<ArmTemplate>();

    /// <summary>Every resource of this template and of its modules, at any depth.</summary>
    public IEnumerable<ArmResource> AllResources => SelfAndDescendants().SelectMany(template => template.Resources);

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new FormatException("The compiled template is not a JSON object."), "main", null);

    /// <summary>This template and the templates of its modules, at any depth.</summary>
    public IEnumerable<ArmTemplate> SelfAndDescendants() => Modules.SelectMany(module => module.SelfAndDescendants()).Prepend(this);

    /// <summary>The module deployed under <paramref name="deploymentName"/> by this template.</summary>
    public ArmTemplate Module(string deploymentName) =>
        Modules.SingleOrDefault(module => module.DeploymentName == deploymentName)
        ?? throw new InvalidOperationException($"{DeploymentName} deploys no module named '{deploymentName}'.");

    /// <summary>The expression the parent passes for a parameter: <c>reference(...'apiIdentity'...).outputs.clientId.value</c>.</summary>
    public ArmExpression PassedParameter(string name) =>
        Deployment?.Properties?["parameters"]?[name]?["value"] is JsonValue value && value.TryGetValue(out string? text)
            ? ArmExpression.FromTemplateString(text)
            : throw new InvalidOperationException($"{DeploymentName} is not passed parameter '{name}' as one template string.");

    /// <summary>Evaluates a template value: strings that are expressions are evaluated, objects and arrays element by element.</summary>
    public JsonNode? EvaluateValue(JsonNode? value, IReadOnlyDictionary<string, int>? copy = null)
    {
        copy ??= NoCopy;
        switch (value)
        {
            case JsonValue text when text.TryGetValue(out string? template):
                return Evaluate(ArmExpression.FromTemplateString(template), copy);
            case JsonArray array:
                return new JsonArray([.. array.Select(element => Detach(EvaluateValue(element, copy)))]);
            case JsonObject properties:
                var evaluated = new JsonObject();
                foreach (var (name, property) in properties)
                {
                    if (name == "copy" && property is JsonArray loops)
                    {
                        foreach (var loop in loops)
                        {
                            evaluated[loop!["name"]!.GetValue<string>()] = ExpandLoop(loop.AsObject(), copy);
                        }
                    }
                    else
                    {
                        evaluated[ArmExpression.IsExpression(name) ? StringArgument(ArmExpression.FromTemplateString(name), copy) : name] =
                            Detach(EvaluateValue(property, copy));
                    }
                }

                return evaluated;
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>Evaluates an expression in this template's scope, with the copy indexes of the enclosing loops.</summary>
    public JsonNode? Evaluate(ArmExpression expression, IReadOnlyDictionary<string, int>? copy = null)
    {
        copy ??= NoCopy;
        return expression switch
        {
            ArmString text => JsonValue.Create(text.Value),
            ArmNumber number => JsonValue.Create(number.Value),
            ArmCall call => Functions.TryGetValue(call.Name, out var function)
                ? function(this, call, copy)
                : throw CannotEvaluate(call, $"{call.Name}() is known only in Azure or not supported here"),
            ArmPropertyAccess access =>
                Evaluate(access.Target, copy) is JsonObject target && Property(target, access.Property) is (true, var property)
                    ? Detach(property)
                    : throw CannotEvaluate(access, $"no property '{access.Property}'"),
            ArmIndexAccess access => (Evaluate(access.Target, copy), Evaluate(access.Index, copy)) switch
            {
                (JsonArray array, JsonValue index) when Integer(index) is { } position && position >= 0 && position < array.Count =>
                    Detach(array[(int)position]),
                (JsonObject target, JsonValue index) when index.TryGetValue(out string? name)
                    && Property(target, name) is (true, var property) =>
                    Detach(property),
                _ => throw CannotEvaluate(access, "no such element"),
            },
            _ => throw CannotEvaluate(expression, "unknown kind of expression"),
        };
    }

    public override string ToString() => DeploymentName;

    private static JsonNode? CopyIndex(ArmTemplate scope, ArmCall call, IReadOnlyDictionary<string, int> copy)
    {
        var arguments = call.Arguments.Select(argument => scope.Evaluate(argument, copy)).ToArray();
        var name = arguments.FirstOrDefault() is JsonValue first && first.TryGetValue(out string? loop) ? loop : string.Empty;
        var offset = Integer(arguments.LastOrDefault()) ?? 0;
        return copy.TryGetValue(name, out var index)
            ? index + offset
            : throw scope.CannotEvaluate(call, $"not inside the copy loop '{name}'");
    }

    private static JsonNode? Union(ArmTemplate scope, ArmCall call, IReadOnlyDictionary<string, int> copy)
    {
        var values = call.Arguments.Select(argument => scope.Evaluate(argument, copy)).ToArray();
        if (values.All(value => value is JsonObject))
        {
            var merged = new JsonObject();
            foreach (var (name, property) in values.Cast<JsonObject>().SelectMany(value => value))
            {
                merged[name] = Detach(property);
            }

            return merged;
        }

        return values.All(value => value is JsonArray)
            ? new JsonArray(
                [.. values.Cast<JsonArray>().SelectMany(array => array).DistinctBy(element => element?.ToJsonString()).Select(Detach)])
            : throw scope.CannotEvaluate(call, "union() of values that are not all objects or all arrays");
    }

    private static JsonNode? Format(ArmTemplate scope, ArmCall call, IReadOnlyDictionary<string, int> copy)
    {
        var arguments = call.Arguments.Skip(1).Select(argument => scope.Evaluate(argument, copy) switch
        {
            JsonValue value when value.TryGetValue(out string? text) => text,
            JsonValue value when Integer(value) is { } number => number.ToString(CultureInfo.InvariantCulture),
            _ => throw scope.CannotEvaluate(call, "format() of a value that is no string or integer"),
        }).ToArray();
        return Placeholder().Replace(
            scope.StringArgument(call, 0, copy),
            match => arguments[int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture)]);
    }

    private static (bool Found, JsonNode? Value) Property(JsonObject target, string name)
    {
        // ARM property names are case-insensitive.
        foreach (var (key, value) in target)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return (true, value);
            }
        }

        return (false, null);
    }

    /// <summary>An integer value, whether parsed from the template or computed here; null for anything else.</summary>
    internal static long? Integer(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue(out long number) ? number : value.TryGetValue(out int small) ? small : null
        : null;

    private static JsonNode? Detach(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();

    private JsonNode? Variable(string name)
    {
        var variables = Json["variables"] as JsonObject;
        if (variables is not null && Property(variables, name) is (true, var value))
        {
            return EvaluateValue(value);
        }

        var loop = (variables?["copy"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(loop => string.Equals(loop["name"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase));
        return loop is not null
            ? ExpandLoop(loop, NoCopy)
            : throw new InvalidOperationException($"{DeploymentName} has no variable '{name}'.");
    }

    private JsonNode? Parameter(string name)
    {
        // A value the parent deployment passes is evaluated in the parent's scope, as the deployment does ("inner" scope).
        if (Deployment?.Properties?["parameters"] is JsonObject passed && Property(passed, name) is (true, JsonObject parameter))
        {
            return parameter.ContainsKey("reference")
                ? throw new InvalidOperationException(
                    $"{DeploymentName}: parameter '{name}' is a Key Vault reference, known only in Azure.")
                : Detach(Parent!.EvaluateValue(parameter)?["value"]);
        }

        if (Json["parameters"] is JsonObject declared && Property(declared, name) is (true, JsonObject declaration))
        {
            return declaration.ContainsKey("defaultValue")
                ? EvaluateValue(declaration["defaultValue"])
                : throw new InvalidOperationException(
                    $"{DeploymentName}: parameter '{name}' has no default; its value is known only in Azure.");
        }

        throw new InvalidOperationException($"{DeploymentName} has no parameter '{name}'.");
    }

    private JsonArray ExpandLoop(JsonObject loop, IReadOnlyDictionary<string, int> copy)
    {
        var name = loop["name"]!.GetValue<string>();
        var count = Integer(EvaluateValue(loop["count"], copy))
            ?? throw new InvalidOperationException($"{DeploymentName}: the count of copy loop '{name}' is not an integer.");
        return new JsonArray([.. Enumerable.Range(0, (int)count).Select(index =>
            Detach(
                EvaluateValue(
                    loop["input"],
                    new Dictionary<string, int>(copy.ToDictionary(), StringComparer.OrdinalIgnoreCase) { [name] = index })))]);
    }

    private bool Condition(ArmExpression expression, IReadOnlyDictionary<string, int> copy) =>
        Evaluate(expression, copy) is JsonValue value && value.TryGetValue(out bool condition)
            ? condition
            : throw CannotEvaluate(expression, "not a boolean");

    private string StringArgument(ArmCall call, int index, IReadOnlyDictionary<string, int> copy) =>
        StringArgument(call.Arguments[index], copy);

    private string StringArgument(ArmExpression expression, IReadOnlyDictionary<string, int> copy) =>
        Evaluate(expression, copy) is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw CannotEvaluate(expression, "not a string");

    private InvalidOperationException CannotEvaluate(ArmExpression expression, string reason) =>
        new($"[{expression}] in {DeploymentName} cannot be evaluated before deployment: {reason}.");

    [GeneratedRegex(@"\{(?<index>[0-9]+)\}")]
    private static partial Regex Placeholder();
}
