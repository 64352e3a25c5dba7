using System.Text.RegularExpressions;

namespace LeadFunctions.Tests.Deployment;

/// <summary>The roles infra/ grants: the data-plane roles the app needs, and no broader role anywhere.</summary>
public sealed partial class RoleAssignmentTests
{
    /// <summary>Built-in role definition ids, by name.</summary>
    private static readonly Dictionary<string, string> AllowedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        ["b86a8fe4-44ce-4948-aee5-eccb2c155cd7"] = "Key Vault Secrets Officer (deployer, opt-in)",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    [Fact]
    public void Infra_grants_only_the_expected_built_in_roles()
    {
        var granted = DeploymentFiles.InfraFiles()
            .SelectMany(file => Guid().Matches(file.Text).Select(match => (file.Path, Id: match.Value)))
            .ToArray();

        Assert.All(granted, role => Assert.True(AllowedRoles.ContainsKey(role.Id), $"{role.Path} names role id {role.Id}, which is not allowed."));
        Assert.Equal(AllowedRoles.Keys.Order(StringComparer.OrdinalIgnoreCase), granted.Select(role => role.Id).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Role_assignments_are_made_only_in_rbac_bicep()
    {
        var assigning = DeploymentFiles.InfraFiles()
            .Where(file => file.Text.Contains("Microsoft.Authorization/roleAssignments", StringComparison.Ordinal))
            .Select(file => file.Path.Replace('\\', '/'))
            .ToArray();

        Assert.Equal(["infra/app/rbac.bicep"], assigning);
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
