using System.Text.RegularExpressions;
using LeadFunctions.Testing.Functions;

namespace LeadFunctions.Deployment.Tests;

/// <summary>
/// The settings the app's bindings name (<c>%Setting%</c> expressions and connections, read from the
/// <c>functions.metadata</c> the Worker SDK generated) against local.settings.sample.json and the app settings the
/// compiled infra/main.bicep deploys: a binding whose setting is missing does not start in Azure.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class BindingSettingsTests(CompiledTemplateFixture template)
{
    [Fact]
    public void Every_setting_a_binding_names_is_in_the_sample_settings_and_deployed()
    {
        var sample = DeploymentFiles.SampleSettingNames();
        var deployed = template.AppSettings.Named.Keys.ToHashSet(StringComparer.Ordinal);
        var used = FunctionsMetadata.Load()
            .SelectMany(function => function.Bindings.SelectMany(binding => binding.StringValues())
                .SelectMany(
                    value => SettingExpression().Matches(value)
                        .Select(match => (Function: function.Name, Setting: AppSetting(match.Groups["name"].Value)))))
            .ToArray();

        Assert.NotEmpty(used);
        Assert.All(used, use =>
        {
            Assert.True(
                sample.Contains(use.Setting),
                $"{use.Function} binds %{use.Setting}%, which local.settings.sample.json does not set.");
            Assert.True(
                deployed.Contains(use.Setting),
                $"{use.Function} binds %{use.Setting}%, which the compiled {CompiledTemplateFixture.MainBicep} does not deploy.");
        });
    }

    [Fact]
    public void Every_binding_connection_is_in_the_sample_settings_and_deployed()
    {
        var sample = DeploymentFiles.SampleSettingNames();
        var deployed = template.AppSettings.Named.Keys.ToHashSet(StringComparer.Ordinal);
        var connections = FunctionsMetadata.Load()
            .SelectMany(
                function => function.Bindings.Where(binding => binding.Connection is not null)
                    .Select(binding => (Function: function.Name, Setting: binding.Connection!)))
            .ToArray();

        Assert.NotEmpty(connections);
        Assert.All(connections, connection =>
        {
            // A connection is one setting (a connection string) or, identity-based, a group of Setting__* settings.
            Assert.True(
                Configures(sample, connection.Setting),
                $"{connection.Function} connects through {connection.Setting}, which local.settings.sample.json does not set.");
            Assert.True(
                Configures(deployed, connection.Setting),
                $"{connection.Function} connects through {connection.Setting}, which the compiled {CompiledTemplateFixture.MainBicep} " +
                $"does not deploy.");
        });
    }

    /// <summary>
    /// The app setting a binding expression names: the host resolves <c>%Section:Key%</c> against its configuration, where
    /// the app setting <c>Section__Key</c> (the only spelling Linux app settings allow) becomes the key <c>Section:Key</c>.
    /// </summary>
    private static string AppSetting(string expression) => expression.Replace(":", "__", StringComparison.Ordinal);

    private static bool Configures(IReadOnlySet<string> settings, string connection) =>
        settings.Contains(connection) || settings.Any(name => name.StartsWith(connection + "__", StringComparison.Ordinal));

    [GeneratedRegex(@"%(?<name>[^%]+)%")]
    private static partial Regex SettingExpression();
}
