namespace LeadFunctions.Tests.Deployment;

/// <summary>The function app's settings in infra/app/api.bicep against local.settings.sample.json.</summary>
public sealed class AppSettingsTests
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

    private static readonly string[] SecretSettings = ["Webhooks__EventsSecret", "Webhooks__SegmentSharedSecret", "Smtp__Password"];

    [Fact]
    public void Bicep_sets_every_sample_setting_under_the_same_name_and_nothing_undocumented()
    {
        var expected = DeploymentFiles.SampleSettingNames()
            .Where(name => !HostOnlySampleSettings.Contains(name) && !name.StartsWith("LocalHost__", StringComparison.Ordinal))
            .Concat(AzureOnlySettings)
            .ToHashSet(StringComparer.Ordinal);
        var actual = DeploymentFiles.BicepAppSettings().Keys.ToHashSet(StringComparer.Ordinal);

        var missing = expected.Except(actual).Order(StringComparer.Ordinal).ToArray();
        var unexpected = actual.Except(expected).Order(StringComparer.Ordinal).ToArray();

        Assert.True(
            missing.Length == 0 && unexpected.Length == 0,
            $"{DeploymentFiles.AppSettingsBicep} and local.settings.sample.json disagree. " +
            $"Missing from Bicep: [{string.Join(", ", missing)}]. In Bicep but not in the sample: [{string.Join(", ", unexpected)}].");
    }

    [Fact]
    public void Bicep_never_deploys_the_local_host_settings_or_a_storage_connection_string()
    {
        var names = DeploymentFiles.BicepAppSettings().Keys;

        Assert.DoesNotContain(names, name => name.StartsWith("LocalHost__", StringComparison.Ordinal));
        Assert.DoesNotContain("AzureWebJobsStorage", names);
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", names);
    }

    [Fact]
    public void Secrets_are_key_vault_references()
    {
        var settings = DeploymentFiles.BicepAppSettings();
        var bicep = DeploymentFiles.Read(DeploymentFiles.AppSettingsBicep);

        Assert.Contains("'@Microsoft.KeyVault(SecretUri=${vaultUri}secrets/${secretName}/)'", bicep, StringComparison.Ordinal);
        Assert.Contains("keyVaultReferenceIdentity: identityId", bicep, StringComparison.Ordinal);
        foreach (var name in SecretSettings)
        {
            Assert.Contains("keyVaultReference(keyVaultUri, secretNames.", settings[name], StringComparison.Ordinal);
        }
    }
}
