using System.Text.RegularExpressions;

namespace LeadFunctions.Tests.Deployment;

/// <summary>azure.yaml: the service azd deploys is the Functions app project that exists in the repository.</summary>
public sealed partial class AzureYamlTests
{
    [Fact]
    public void Api_service_is_the_functions_project_as_a_dotnet_function()
    {
        var service = ApiService().Match(DeploymentFiles.Read("azure.yaml"));
        Assert.True(service.Success, "azure.yaml has no 'services: api:' block.");
        var block = service.Groups["block"].Value;

        var project = Field(block, "project");
        Assert.Equal("./src/LeadFunctions", project);
        Assert.True(File.Exists(DeploymentFiles.PathOf(Path.Combine(project, "LeadFunctions.csproj"))), $"azure.yaml names {project}, which has no LeadFunctions.csproj.");
        Assert.Equal("dotnet", Field(block, "language"));
        Assert.Equal("function", Field(block, "host"));
    }

    [Fact]
    public void Bicep_tags_the_function_app_with_the_azure_yaml_service_name()
    {
        var api = DeploymentFiles.Read(DeploymentFiles.AppSettingsBicep);

        Assert.Contains("param serviceName string = 'api'", api, StringComparison.Ordinal);
        Assert.Contains("'azd-service-name': serviceName", api, StringComparison.Ordinal);
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
