using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadFunctions.Deployment.Tests.Arm;

namespace LeadFunctions.Deployment.Tests;

/// <summary>The roles the compiled template grants: the data-plane roles the app needs, and no broader role anywhere.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class RoleAssignmentTests(CompiledTemplateFixture template)
{
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    /// <summary>Built-in role definition ids, by name.</summary>
    private static readonly Dictionary<string, string> AllowedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
        [KeyVaultSecretsOfficer] = "Key Vault Secrets Officer (deployer, opt-in)",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    [Fact]
    public void Compiled_template_grants_only_the_expected_built_in_roles()
    {
        var granted = Grants().Select(grant => grant.RoleId).ToArray();

        Assert.All(
            granted,
            roleId => Assert.True(AllowedRoles.ContainsKey(roleId), $"The template grants role id {roleId}, which is not allowed."));
        Assert.Equal(
            AllowedRoles.Keys.Order(StringComparer.OrdinalIgnoreCase),
            granted.Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase));

        // No other role id anywhere in the template either (a custom role definition, a role id built elsewhere).
        Assert.All(
            Guid().Matches(template.Json),
            match => Assert.True(
                AllowedRoles.ContainsKey(match.Value),
                $"The template names role id {match.Value}, which is not allowed."));
    }

    [Fact]
    public void Role_assignments_are_made_only_in_the_rbac_module()
    {
        var assigning = template.Main.AllResources
            .Where(resource => resource.Type == RoleAssignmentType)
            .Select(resource => resource.Template.DeploymentName)
            .Distinct()
            .ToArray();

        Assert.Equal(["rbac"], assigning);
    }

    [Fact]
    public void The_app_identity_always_gets_its_roles_and_the_deployer_only_when_asked_for()
    {
        var grants = Grants().ToArray();
        var rbac = template.Main.Module("rbac");

        Assert.All(grants.Where(grant => grant.RoleId != KeyVaultSecretsOfficer), grant =>
        {
            Assert.Null(grant.Assignment.Condition);
            Assert.Equal("[parameters('appPrincipalId')]", grant.Assignment.Properties?["principalId"]?.GetValue<string>());
        });
        Assert.Equal(new ModuleOutput("apiIdentity", "principalId"), ModuleOutput.Of(rbac.PassedParameter("appPrincipalId")));

        var officer = Assert.Single(grants, grant => grant.RoleId == KeyVaultSecretsOfficer).Assignment;
        Assert.Equal("[parameters('deployerPrincipalId')]", officer.Properties?["principalId"]?.GetValue<string>());
        Assert.True(
            officer.Condition is not null,
            "The deployer gets Key Vault Secrets Officer unconditionally; it is opt-in (grantDeployerSecretsOfficer).");
        Assert.False(
            rbac.EvaluateValue(officer.Condition)?.GetValue<bool>(),
            "With the default parameters, the deployer gets Key Vault Secrets Officer.");
    }

    /// <summary>Every role assignment of the deployment (each iteration of a loop) with the built-in role id it grants.</summary>
    private IEnumerable<(ArmResource Assignment, string RoleId)> Grants() =>
        template.Main.AllResources
            .Where(resource => resource.Type == RoleAssignmentType)
            .SelectMany(assignment => assignment.Instances().Select(copy => (assignment, RoleId(assignment, copy))));

    private static string RoleId(ArmResource assignment, IReadOnlyDictionary<string, int> copy)
    {
        var roleDefinitionId = ArmExpression.FromTemplateString(
            assignment.Properties?["roleDefinitionId"]?.GetValue<string>() ?? string.Empty);
        if (roleDefinitionId is not ArmCall { Arguments: [ArmString { Value: "Microsoft.Authorization/roleDefinitions" }, var roleId] } call
            || !call.Is("subscriptionResourceId"))
        {
            throw new InvalidOperationException(
                $"{assignment} grants [{roleDefinitionId}], which is not a built-in role's " +
                $"subscriptionResourceId('Microsoft.Authorization/roleDefinitions', id).");
        }

        return assignment.Template.Evaluate(roleId, copy) is JsonValue value && value.TryGetValue(out string? id)
            ? id
            : throw new InvalidOperationException($"{assignment}: [{roleId}] is not a role id.");
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}
