using System.Text.Json.Nodes;
using LeadFunctions.Deployment.Tests.Arm;

namespace LeadFunctions.Deployment.Tests;

/// <summary>The function app's settings in the compiled infra/main.bicep against local.settings.sample.json.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class AppSettingsTests(CompiledTemplateFixture template)
{
    /// <summary>The Functions host's own settings in the sample, which Flex Consumption and identity-based storage replace.</summary>
    private static readonly HashSet<string> HostOnlySampleSettings = new(StringComparer.Ordinal)
    {
        "FUNCTIONS_WORKER_RUNTIME",
        "AzureWebJobsStorage",
    };

    /// <summary>Settings only Azure has: identity-based host storage and Entra-authenticated Application Insights.</summary>
    private static readonly HashSet<string> AzureOnlySettings = new(StringComparer.Ordinal)
    {
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    };

    private static readonly string[] SecretSettings =
    [
        "Webhooks__EventsSecret",
        "Webhooks__SegmentSharedSecret",
        "Smtp__Password",
        "Handoff__LinkSecret",
    ];

    [Fact]
    public void Compiled_template_sets_every_sample_setting_under_the_same_name_and_nothing_undocumented()
    {
        var expected = DeploymentFiles.SampleSettingNames()
            .Where(name => !HostOnlySampleSettings.Contains(name) && !name.StartsWith("LocalHost__", StringComparison.Ordinal))
            .Concat(AzureOnlySettings)
            .ToHashSet(StringComparer.Ordinal);
        var actual = template.AppSettings.Named.Keys.ToHashSet(StringComparer.Ordinal);

        var missing = expected.Except(actual).Order(StringComparer.Ordinal).ToArray();
        var unexpected = actual.Except(expected).Order(StringComparer.Ordinal).ToArray();

        Assert.True(
            missing.Length == 0 && unexpected.Length == 0,
            $"The compiled {CompiledTemplateFixture.MainBicep} and local.settings.sample.json disagree. " +
            $"Missing from the template: [{string.Join(", ", missing)}]. In the template but not in the sample: " +
            $"[{string.Join(", ", unexpected)}].");
    }

    [Fact]
    public void Compiled_template_never_deploys_the_local_host_settings_or_a_storage_connection_string()
    {
        var names = template.AppSettings.Named.Keys;

        Assert.DoesNotContain(names, name => name.StartsWith("LocalHost__", StringComparison.Ordinal));
        Assert.DoesNotContain("AzureWebJobsStorage", names);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", names);
    }

    [Fact]
    public void Only_the_sales_routes_are_merged_into_the_named_settings()
    {
        var settings = template.AppSettings;

        Assert.Equal(["variables('routeSettings')"], settings.Merged.Select(merged => merged.ToString()));

        // Every setting name the route variables can produce is a Notifications__Routes__<i>__ setting.
        var routeNames = TemplateStrings(settings.Resource.Template.Json["variables"])
            .Where(ArmExpression.IsExpression)
            .SelectMany(text => ArmExpression.FromTemplateString(text).SelfAndDescendants())
            .OfType<ArmString>()
            .Select(literal => literal.Value)
            .Where(value => value.Contains("__", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(routeNames);
        Assert.All(routeNames, name => Assert.StartsWith("Notifications__Routes__{0}__", name, StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_are_key_vault_references()
    {
        var settings = template.AppSettings;
        var api = settings.Resource.Template;
        var keyVaultReference = api.Json["functions"]?.AsArray()
            .Where(functions => functions?["namespace"]?.GetValue<string>() == "__bicep")
            .Select(functions => functions?["members"]?["keyVaultReference"]?["output"]?["value"]?.GetValue<string>())
            .SingleOrDefault();

        Assert.Equal(
            "[format('@Microsoft.KeyVault(SecretUri={0}secrets/{1}/)', parameters('vaultUri'), parameters('secretName'))]",
            keyVaultReference);
        Assert.Equal("[parameters('identityId')]", template.FunctionApp.Properties?["keyVaultReferenceIdentity"]?.GetValue<string>());
        foreach (var name in SecretSettings)
        {
            Assert.Contains(
                "__bicep.keyVaultReference(parameters('keyVaultUri'), parameters('secretNames').",
                settings.Named[name].ToString(),
                StringComparison.Ordinal);
        }
    }

    /// <summary>Every string in a template value: property names and values, at any depth.</summary>
    private static IEnumerable<string> TemplateStrings(JsonNode? node) => node switch
    {
        JsonObject properties => properties.SelectMany(property => TemplateStrings(property.Value).Prepend(property.Key)),
        JsonArray array => array.SelectMany(TemplateStrings),
        JsonValue value when value.TryGetValue(out string? text) => [text],
        _ => [],
    };
}
