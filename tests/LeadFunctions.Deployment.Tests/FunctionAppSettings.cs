using System.Text.Json.Nodes;
using LeadFunctions.Deployment.Tests.Arm;

namespace LeadFunctions.Deployment.Tests;

/// <summary>
/// The function app's app settings in the compiled template: the one <c>Microsoft.Web/sites/config</c> resource named
/// <c>appsettings</c>, whose properties Bicep compiles to <c>union(createObject(name, value, ...), ...)</c>.
/// </summary>
/// <param name="Resource">The <c>appsettings</c> resource.</param>
/// <param name="Named">The settings whose names the template states, with their value expressions.</param>
/// <param name="Merged">The other objects merged into the settings, whose names are computed when deploying.</param>
public sealed record FunctionAppSettings(
    ArmResource Resource,
    IReadOnlyDictionary<string, ArmExpression> Named,
    IReadOnlyList<ArmExpression> Merged)
{
    /// <summary>Reads the settings of <paramref name="functionApp"/>.</summary>
    /// <exception cref="InvalidOperationException">The settings are not all in one appsettings resource, or one is set twice.</exception>
    public static FunctionAppSettings Of(ArmResource functionApp)
    {
        if (functionApp.Properties?["siteConfig"]?["appSettings"] is not null)
        {
            throw new InvalidOperationException(
                $"{functionApp} sets siteConfig.appSettings: keep every app setting in its appsettings resource.");
        }

        var template = functionApp.Template;
        var resource = template.Resources.SingleOrDefault(
            config => config.Type == "Microsoft.Web/sites/config" && IsAppSettings(config.Name))
            ?? throw new InvalidOperationException($"{template} has no single Microsoft.Web/sites/config resource named appsettings.");

        var named = new Dictionary<string, ArmExpression>(StringComparer.Ordinal);
        var merged = new List<ArmExpression>();
        switch (resource.Properties)
        {
            case JsonObject properties:
                AddObject(properties, named, resource);
                break;
            case JsonValue value when value.TryGetValue(out string? text):
                Collect(ArmExpression.FromTemplateString(text), resource, named, merged);
                break;
            default:
                throw new InvalidOperationException($"{resource} has no properties.");
        }

        return new FunctionAppSettings(resource, named, merged);
    }

    /// <summary>
    /// Whether a sites/config resource's name ends with the appsettings segment: <c>format('{0}/{1}', ..., 'appsettings')</c>.
    /// </summary>
    private static bool IsAppSettings(ArmExpression name) => name switch
    {
        ArmString literal => literal.Value.EndsWith("/appsettings", StringComparison.Ordinal),
        ArmCall { Arguments: [.., ArmString { Value: "appsettings" }] } format => format.Is("format"),
        _ => false,
    };

    private static void Collect(
        ArmExpression expression,
        ArmResource resource,
        Dictionary<string, ArmExpression> named,
        List<ArmExpression> merged)
    {
        switch (expression)
        {
            case ArmCall call when call.Is("union"):
                foreach (var argument in call.Arguments)
                {
                    Collect(argument, resource, named, merged);
                }

                break;
            case ArmCall call when call.Is("createObject"):
                foreach (var (name, value) in call.ObjectEntries())
                {
                    Add(named, name, value, resource);
                }

                break;
            case ArmCall { Arguments: [ArmString variable] } call when call.Is("variables")
                && (resource.Template.Json["variables"]?[variable.Value]) is JsonObject properties:
                AddObject(properties, named, resource);
                break;
            default:
                merged.Add(expression);
                break;
        }
    }

    private static void AddObject(JsonObject properties, Dictionary<string, ArmExpression> named, ArmResource resource)
    {
        foreach (var (name, value) in properties)
        {
            Add(
                named,
                name,
                value is JsonValue text && text.TryGetValue(out string? template)
                    ? ArmExpression.FromTemplateString(template)
                    : new ArmString(value?.ToJsonString() ?? "null"),
                resource);
        }
    }

    private static void Add(Dictionary<string, ArmExpression> named, string name, ArmExpression value, ArmResource resource)
    {
        if (!named.TryAdd(name, value))
        {
            throw new InvalidOperationException($"{resource} sets app setting '{name}' twice.");
        }
    }
}
