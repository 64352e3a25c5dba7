using System.Text.RegularExpressions;
using LeadFunctions.Infrastructure.Storage;

namespace LeadFunctions.Tests.Deployment;

/// <summary>How the deployed app reaches its storage account: Microsoft Entra ID only, never an account key.</summary>
public sealed partial class StorageAccessTests
{
    [Fact]
    public void Host_and_app_storage_settings_are_identity_based_with_the_user_assigned_identity()
    {
        var settings = DeploymentFiles.BicepAppSettings();

        Assert.Equal("'managedidentity'", settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("identityClientId", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("storageBlobEndpoint", settings["AzureWebJobsStorage__blobServiceUri"]);
        Assert.Equal("storageQueueEndpoint", settings["AzureWebJobsStorage__queueServiceUri"]);
        Assert.Equal("storageTableEndpoint", settings["AzureWebJobsStorage__tableServiceUri"]);
    }

    [Fact]
    public void The_storage_account_refuses_shared_keys()
    {
        var storage = DeploymentFiles.Read("infra/core/storage/storage-account.bicep");

        Assert.Contains("allowSharedKeyAccess: false", storage, StringComparison.Ordinal);
        Assert.DoesNotContain("allowSharedKeyAccess: true", storage, StringComparison.Ordinal);
    }

    [Fact]
    public void No_file_in_infra_builds_a_connection_string_or_reads_account_keys()
    {
        var offenders = DeploymentFiles.InfraFiles()
            .Where(file => KeyMaterial().IsMatch(file.Text))
            .Select(file => file.Path)
            .ToArray();

        Assert.True(offenders.Length == 0, $"Account keys or connection strings in: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void Infra_creates_the_tables_the_app_uses()
    {
        var main = DeploymentFiles.Read("infra/main.bicep");
        var declaration = LeadTables().Match(main);
        Assert.True(declaration.Success, "infra/main.bicep declares no 'var leadTables = [...]'.");

        var bicepTables = QuotedName().Matches(declaration.Groups["names"].Value).Select(name => name.Groups["name"].Value);

        Assert.Equal(new StorageOptions().AllTables.Order(StringComparer.Ordinal), bicepTables.Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"AccountKey|listKeys\(|DefaultEndpointsProtocol|SharedAccessSignature", RegexOptions.IgnoreCase)]
    private static partial Regex KeyMaterial();

    [GeneratedRegex(@"^var leadTables = \[(?<names>[^\]]*)\]", RegexOptions.Multiline)]
    private static partial Regex LeadTables();

    [GeneratedRegex(@"'(?<name>[^']*)'")]
    private static partial Regex QuotedName();
}
