using System.Text.RegularExpressions;
using LeadFunctions.Deployment.Tests.Arm;

namespace LeadFunctions.Deployment.Tests;

/// <summary>azure.yaml: the service azd deploys is the Functions app project that exists in the repository, and the compiled
/// template tags the function app with that service's name.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class AzureYamlTests(CompiledTemplateFixture template)
{
    [Fact]
    public void Api_service_is_the_functions_project_as_a_dotnet_function()
    {
        var service = ApiService().Match(DeploymentFiles.Read("azure.yaml"));
        Assert.True(service.Success, "azure.yaml has no 'services: api:' block.");
        var block = service.Groups["block"].Value;

        var project = Field(block, "project");
        Assert.Equal("./src/LeadFunctions", project);
        Assert.True(
            File.Exists(DeploymentFiles.PathOf(Path.Combine(project, "LeadFunctions.csproj"))),
            $"azure.yaml names {project}, which has no LeadFunctions.csproj.");
        Assert.Equal("dotnet", Field(block, "language"));
        Assert.Equal("function", Field(block, "host"));
    }

    [Fact]
    public void Compiled_template_tags_the_function_app_with_the_azure_yaml_service_name()
    {
        var functionApp = template.FunctionApp;
        var tags = ArmExpression.FromTemplateString(functionApp.Json["tags"]?.GetValue<string>() ?? string.Empty);
        var serviceName = Assert.Single(
            tags.SelfAndDescendants().OfType<ArmCall>().Where(call => call.Is("createObject")).SelectMany(call => call.ObjectEntries()),
            tag => tag.Key == "azd-service-name").Value;

        Assert.Equal("api", functionApp.Template.Evaluate(serviceName)?.GetValue<string>());
    }

    private static string Field(string block, string name)
    {
        var field = Regex.Match(block, $@"^\s+{name}:\s*(?<value>\S+)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        Assert.True(field.Success, $"The api service in azure.yaml has no '{name}:'.");
        return field.Groups["value"].Value;
    }

    [GeneratedRegex(@"^services:\s*\r?\n\s+api:\s*\r?\n(?<block>(?:[ \t]{4,}\S.*\r?\n?)+)", RegexOptions.Multiline)]
    private static partial Regex ApiService();
}
