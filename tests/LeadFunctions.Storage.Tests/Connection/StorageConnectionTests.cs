using Azure.Identity;
using LeadFunctions.Storage.Connection;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.Storage.Tests.Connection;

public sealed class StorageConnectionTests
{
    private const string SecretKey = "c2VjcmV0LWtleS12YWx1ZS10aGF0LW11c3Qtbm90LWxlYWs=";

    [Fact]
    public void Development_storage_points_at_the_emulator_ports_with_the_well_known_account()
    {
        StorageConnection connection = StorageConnection.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), connection.BlobServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.TableServiceUri);
        Assert.Equal("devstoreaccount1", connection.AccountName);
        Assert.NotNull(connection.SharedKeyCredential);
        Assert.Null(connection.TokenCredential);
    }

    [Fact]
    public void Explicit_endpoints_win_over_the_account_defaults()
    {
        StorageConnection connection = StorageConnection.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={SecretKey};" +
            "BlobEndpoint=http://127.0.0.1:5000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:5001/devstoreaccount1;" +
            "TableEndpoint=http://127.0.0.1:5002/devstoreaccount1;");

        Assert.Equal(new Uri("http://127.0.0.1:5000/devstoreaccount1"), connection.BlobServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:5001/devstoreaccount1"), connection.QueueServiceUri);
        Assert.Equal(new Uri("http://127.0.0.1:5002/devstoreaccount1"), connection.TableServiceUri);
    }

    [Fact]
    public void Account_name_protocol_and_suffix_build_the_service_endpoints()
    {
        StorageConnection connection = StorageConnection.Parse(
            $"DefaultEndpointsProtocol=https; AccountName=leads ;AccountKey={SecretKey};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://leads.table.core.chinacloudapi.cn"), connection.TableServiceUri);
        Assert.Equal(new Uri("https://leads.queue.core.chinacloudapi.cn"), connection.QueueServiceUri);
        Assert.Equal("leads", connection.AccountName);
    }

    [Theory]
    [InlineData("AccountName=leads;" + SecretKey, "AccountKey is missing")]
    [InlineData("AccountName=leads;nonsense;AccountKey=" + SecretKey, "Segment 2")]
    [InlineData("AccountName=leads", "AccountKey is missing")]
    [InlineData("AccountKey=" + SecretKey, "AccountName is missing")]
    [InlineData("AccountName=leads;AccountKey=not*base64" + SecretKey, "AccountKey is not valid base64")]
    [InlineData("AccountName=leads;AccountKey=" + SecretKey + ";AccountKey=" + SecretKey, "repeats a key")]
    [InlineData("AccountName=leads;AccountKey=" + SecretKey + ";TableEndpoint=not a uri", "TableEndpoint")]
    [InlineData("AccountName=leads;AccountKey=" + SecretKey + ";DefaultEndpointsProtocol=ftp", "DefaultEndpointsProtocol")]
    [InlineData("UseDevelopmentStorage=yes", "UseDevelopmentStorage")]
    [InlineData(" ; ", "empty")]
    public void Malformed_strings_fail_with_a_message_naming_the_problem_but_never_the_key(string connectionString, string expected)
    {
        var exception = Assert.Throws<FormatException>(() => StorageConnection.Parse(connectionString));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey[..12], exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_endpoints_and_account_but_not_the_key()
    {
        StorageConnection connection = StorageConnection.Parse($"AccountName=leads;AccountKey={SecretKey}");

        Assert.Contains("leads", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, connection.SharedKeyCredential!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_configuration_value_is_read_as_a_connection_string()
    {
        IConfiguration configuration = Configuration(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        StorageConnection connection = StorageConnection.FromConfiguration(configuration, "AzureWebJobsStorage");

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), connection.QueueServiceUri);
        Assert.Equal("AzureWebJobsStorage", connection.SettingName);
    }

    [Fact]
    public void A_ConnectionStrings_entry_is_read_when_the_section_has_no_value()
    {
        IConfiguration configuration = Configuration(new() { ["ConnectionStrings:Storage"] = "UseDevelopmentStorage=true" });

        Assert.NotNull(StorageConnection.FromConfiguration(configuration, "Storage").TableServiceUri);
    }

    [Fact]
    public void Identity_settings_give_service_URIs_and_a_managed_identity_for_a_client_id()
    {
        IConfiguration configuration = Configuration(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://leads.table.core.windows.net",
            ["AzureWebJobsStorage:queueServiceUri"] = "https://leads.queue.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        StorageConnection connection = StorageConnection.FromConfiguration(configuration, "AzureWebJobsStorage");

        Assert.Equal(new Uri("https://leads.table.core.windows.net"), connection.TableServiceUri);
        Assert.Equal(new Uri("https://leads.queue.core.windows.net"), connection.QueueServiceUri);
        Assert.IsType<ManagedIdentityCredential>(connection.TokenCredential);
        Assert.Null(connection.SharedKeyCredential);
        Assert.NotNull(connection.CreateTableServiceClient());
        Assert.NotNull(connection.CreateQueueServiceClient());
    }

    [Fact]
    public void An_account_name_alone_derives_the_endpoints_and_uses_the_default_credential()
    {
        IConfiguration configuration = Configuration(new() { ["Storage:accountName"] = "leads" });

        StorageConnection connection = StorageConnection.FromConfiguration(configuration, "Storage");

        Assert.Equal(new Uri("https://leads.queue.core.windows.net"), connection.QueueServiceUri);
        Assert.IsType<DefaultAzureCredential>(connection.TokenCredential);
    }

    [Fact]
    public void A_missing_endpoint_is_reported_with_the_setting_to_add()
    {
        IConfiguration configuration = Configuration(new() { ["Storage:queueServiceUri"] = "https://leads.queue.core.windows.net" });
        StorageConnection connection = StorageConnection.FromConfiguration(configuration, "Storage");

        var exception = Assert.Throws<InvalidOperationException>(() => connection.CreateTableServiceClient());

        Assert.Contains("Storage__tableServiceUri", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_setting_fails_naming_it()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(Configuration(new()), "AzureWebJobsStorage"));

        Assert.Contains("'AzureWebJobsStorage'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__queueServiceUri", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_setting_fails_naming_it_without_the_key()
    {
        IConfiguration configuration = Configuration(new() { ["AzureWebJobsStorage"] = $"AccountName=leads;{SecretKey}" });

        var exception = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(configuration, "AzureWebJobsStorage"));

        Assert.Contains("'AzureWebJobsStorage'", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_identity_URI_that_is_not_absolute_fails_naming_the_setting()
    {
        IConfiguration configuration = Configuration(new() { ["Storage:tableServiceUri"] = "leads.table.core.windows.net" });

        var exception = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(configuration, "Storage"));

        Assert.Contains("Storage__tableServiceUri", exception.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
