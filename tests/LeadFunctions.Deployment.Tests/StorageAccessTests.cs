using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Deployment.Tests.Arm;

namespace LeadFunctions.Deployment.Tests;

/// <summary>How the deployed app reaches its storage account: Microsoft Entra ID only, never an account key.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class StorageAccessTests(CompiledTemplateFixture template)
{
    [Fact]
    public void Host_and_app_storage_settings_are_identity_based_with_the_user_assigned_identity()
    {
        var settings = template.AppSettings.Named;
        var api = template.AppSettings.Resource.Template;

        Assert.Equal(new ArmString("managedidentity"), settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("parameters('identityClientId')", settings["AzureWebJobsStorage__clientId"].ToString());
        Assert.Equal("parameters('storageBlobEndpoint')", settings["AzureWebJobsStorage__blobServiceUri"].ToString());
        Assert.Equal("parameters('storageQueueEndpoint')", settings["AzureWebJobsStorage__queueServiceUri"].ToString());
        Assert.Equal("parameters('storageTableEndpoint')", settings["AzureWebJobsStorage__tableServiceUri"].ToString());

        // What main.bicep passes for them: the app's identity and the storage account's service endpoints.
        Assert.Equal(new ModuleOutput("apiIdentity", "clientId"), ModuleOutput.Of(api.PassedParameter("identityClientId")));
        Assert.Equal(new ModuleOutput("storage", "blobEndpoint"), ModuleOutput.Of(api.PassedParameter("storageBlobEndpoint")));
        Assert.Equal(new ModuleOutput("storage", "queueEndpoint"), ModuleOutput.Of(api.PassedParameter("storageQueueEndpoint")));
        Assert.Equal(new ModuleOutput("storage", "tableEndpoint"), ModuleOutput.Of(api.PassedParameter("storageTableEndpoint")));

        // ...which is the app's one identity.
        var identity = template.FunctionApp.Json["identity"];
        Assert.Equal("UserAssigned", identity?["type"]?.GetValue<string>());
        var assigned = Assert.Single(identity?["userAssignedIdentities"]?.AsObject() ?? []);
        Assert.Contains(
            new ArmCall("parameters", [new ArmString("identityId")]).ToString(),
            ArmExpression.FromTemplateString(assigned.Key).ToString(),
            StringComparison.Ordinal);
        Assert.Equal(new ModuleOutput("apiIdentity", "id"), ModuleOutput.Of(api.PassedParameter("identityId")));
    }

    [Fact]
    public void The_storage_account_refuses_shared_keys()
    {
        var accounts = template.Main.AllResources.Where(resource => resource.Type == "Microsoft.Storage/storageAccounts").ToArray();

        Assert.NotEmpty(accounts);
        Assert.All(accounts, account =>
        {
            var allowSharedKeyAccess = account.Properties?["allowSharedKeyAccess"];
            Assert.True(
                allowSharedKeyAccess?.GetValueKind() == JsonValueKind.False,
                $"{account} sets allowSharedKeyAccess to " +
                $"{allowSharedKeyAccess?.ToJsonString() ?? "nothing (shared keys allowed)"}, not false.");
        });
    }

    [Fact]
    public void Compiled_template_and_its_parameters_file_build_no_connection_string_and_read_no_account_keys()
    {
        var offenders = new[]
            {
                ($"compiled {CompiledTemplateFixture.MainBicep}", template.Json),
                ("infra/main.parameters.json", DeploymentFiles.Read("infra/main.parameters.json")),
            }
            .SelectMany(file => KeyMaterial().Matches(file.Item2).Select(match => $"{file.Item1}: {match.Value}"))
            .ToArray();

        Assert.True(offenders.Length == 0, $"Account keys or connection strings in: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void Infra_creates_the_tables_the_app_uses()
    {
        var storage = template.Main.Module("storage");
        var tables = storage.Evaluate(ArmExpression.Parse("parameters('tables')"))?.AsArray().Select(table => table?.GetValue<string>())
            ?? [];

        // With the default Storage__TablePrefix (none), the names are the app's table names.
        Assert.Equal(new StorageOptions().AllTables.Order(StringComparer.Ordinal), tables.Order(StringComparer.Ordinal));

        var tableResource = Assert.Single(
            storage.Resources,
            resource => resource.Type == "Microsoft.Storage/storageAccounts/tableServices/tables");
        Assert.Equal("parameters('tables')[copyIndex()]", Assert.IsType<ArmCall>(tableResource.Name).Arguments[^1].ToString());
        Assert.Equal(tables.Count(), tableResource.Instances().Count);
    }

    [GeneratedRegex(
        @"AccountKey|listKeys\(|listAccountSas\(|listServiceSas\(|DefaultEndpointsProtocol|SharedAccessSignature",
        RegexOptions.IgnoreCase)]
    private static partial Regex KeyMaterial();
}
