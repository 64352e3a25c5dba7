using System.Text.Json.Nodes;

namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>A resource of a compiled template; for a module, the nested deployment with its own template.</summary>
public sealed class ArmResource
{
    internal ArmResource(ArmTemplate template, JsonObject json)
    {
        Template = template;
        Json = json;
        Type = json["type"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"A resource in {template.DeploymentName} has no type.");
        if (Type == ArmTemplate.DeploymentType && Properties is JsonObject { } properties && properties["template"] is JsonObject nested)
        {
            if (properties["expressionEvaluationOptions"]?["scope"]?.GetValue<string>() is not "inner")
            {
                throw new InvalidOperationException(
                    $"The nested deployment {json["name"]} in {template.DeploymentName} is not evaluated in its own scope.");
            }

            NestedTemplate = new ArmTemplate(nested, json["name"]?.GetValue<string>() ?? "(unnamed)", this);
        }
    }

    /// <summary>The template that declares the resource.</summary>
    public ArmTemplate Template { get; }

    public JsonObject Json { get; }

    /// <summary>The resource type: <c>Microsoft.Web/sites</c>.</summary>
    public string Type { get; }

    /// <summary>The <c>properties</c> value: an object, or a template string when Bicep compiled it to one expression.</summary>
    public JsonNode? Properties => Json["properties"];

    /// <summary>The template of a nested deployment (a Bicep module); null for other resources.</summary>
    public ArmTemplate? NestedTemplate { get; }

    /// <summary>The resource's name as an expression (a literal name is an <see cref="ArmString"/>).</summary>
    public ArmExpression Name => ArmExpression.FromTemplateString(Json["name"]?.GetValue<string>() ?? string.Empty);

    /// <summary>The condition of a conditional resource (<c>if (...)</c> in Bicep); null when it is always deployed.</summary>
    public JsonNode? Condition => Json["condition"];

    /// <summary>
    /// The copy indexes of each instance: one empty set for a single resource, one per iteration of a resource loop
    /// (the count evaluated before deployment).
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, int>> Instances()
    {
        if (Json["copy"] is not JsonObject copy)
        {
            return [new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)];
        }

        var name = copy["name"]?.GetValue<string>() ?? string.Empty;
        var count = ArmTemplate.Integer(Template.EvaluateValue(copy["count"]))
            ?? throw new InvalidOperationException($"The copy count of {this} is not an integer.");
        return
        [
            .. Enumerable.Range(0, (int)count)
                .Select(index => new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { [string.Empty] = index, [name] = index }),
        ];
    }

    public override string ToString() => $"{Type} {Json["name"]} in {Template.DeploymentName}";
}
