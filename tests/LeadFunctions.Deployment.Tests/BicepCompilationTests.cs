namespace LeadFunctions.Deployment.Tests;

/// <summary>infra/main.bicep and its modules, through the Bicep compiler and linter.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class BicepCompilationTests(CompiledTemplateFixture template)
{
    [Fact]
    public void Main_bicep_compiles_and_lints_without_warnings()
    {
        Assert.True(
            template.Diagnostics.Count == 0,
            $"Bicep reports on {CompiledTemplateFixture.MainBicep}:{Environment.NewLine}" +
            $"{string.Join(Environment.NewLine, template.Diagnostics)}");
    }

    [Fact]
    public void Every_module_is_compiled_into_the_main_template()
    {
        Assert.Equal(
            ["api", "apiIdentity", "keyVault", "main", "monitoring", "rbac", "storage"],
            template.Main.SelfAndDescendants().Select(module => module.DeploymentName).Order(StringComparer.Ordinal));
    }
}
