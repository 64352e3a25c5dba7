using Azure.Core;
using Azure.Identity;
using LeadFunctions.Storage.Authentication;
using LeadFunctions.Storage.Queues;
using LeadFunctions.Storage.Tables;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.Storage.Connection;

/// <summary>
/// Where a storage account is and how to authorize against it: service endpoints plus either a Shared Key
/// credential (from a connection string) or a <see cref="TokenCredential"/> (identity-based connection).
/// Read it from configuration the way the Azure Functions host reads <c>AzureWebJobsStorage</c>, then create
/// service clients from it. <see cref="ToString"/> never shows the account key.
/// </summary>
public sealed class StorageConnection
{
    private StorageConnection(
        Uri? tableServiceUri,
        Uri? queueServiceUri,
        Uri? blobServiceUri,
        StorageSharedKeyCredential? sharedKeyCredential,
        TokenCredential? tokenCredential,
        string? settingName)
    {
        TableServiceUri = tableServiceUri;
        QueueServiceUri = queueServiceUri;
        BlobServiceUri = blobServiceUri;
        SharedKeyCredential = sharedKeyCredential;
        TokenCredential = tokenCredential;
        SettingName = settingName;
    }

    /// <summary>The Table service endpoint, or null when the connection does not name one.</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>The Queue service endpoint, or null when the connection does not name one.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>The Blob service endpoint, or null when the connection does not name one.</summary>
    public Uri? BlobServiceUri { get; }

    /// <summary>The Shared Key credential of a connection-string connection; null for identity-based ones.</summary>
    public StorageSharedKeyCredential? SharedKeyCredential { get; }

    /// <summary>The token credential of an identity-based connection; null for connection strings.</summary>
    public TokenCredential? TokenCredential { get; }

    /// <summary>The account name when known (always for connection strings).</summary>
    public string? AccountName => SharedKeyCredential?.AccountName;

    /// <summary>The configuration setting this connection was read from, if any (used in error messages).</summary>
    public string? SettingName { get; }

    /// <summary>
    /// Parses a storage connection string: <c>UseDevelopmentStorage=true</c>, or
    /// <c>DefaultEndpointsProtocol</c>, <c>AccountName</c>, <c>AccountKey</c>, <c>EndpointSuffix</c> with optional
    /// explicit <c>TableEndpoint</c>/<c>QueueEndpoint</c>/<c>BlobEndpoint</c> (as Azurite uses).
    /// </summary>
    /// <exception cref="FormatException">The string is malformed; the message names the problem, never the key.</exception>
    public static StorageConnection Parse(string connectionString) => FromConnectionString(connectionString, settingName: null);

    /// <summary>
    /// Reads the connection named <paramref name="name"/> the way the Azure Functions host does: the value of
    /// section <paramref name="name"/> (or <c>ConnectionStrings:name</c>) as a connection string, else the
    /// identity-based keys under it: <c>tableServiceUri</c>, <c>queueServiceUri</c>, <c>blobServiceUri</c>
    /// (alias <c>serviceUri</c>), or <c>accountName</c> to derive <c>https://{account}.{service}.core.windows.net</c>;
    /// <c>credential</c> = <c>managedidentity</c> and <c>clientId</c> choose the credential
    /// (see <see cref="CreateTokenCredential"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The setting is missing or malformed; the message names it.</exception>
    public static StorageConnection FromConfiguration(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        IConfigurationSection section = configuration.GetSection(name);
        string? connectionString = section.Value;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration.GetConnectionString(name);
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                return FromConnectionString(connectionString, name);
            }
            catch (FormatException exception)
            {
                throw new InvalidOperationException($"Setting '{name}' is not a valid storage connection string: {exception.Message}", exception);
            }
        }

        return FromIdentitySettings(section, name);
    }

    /// <summary>
    /// The credential for identity-based settings, as the Functions host chooses it: a
    /// <see cref="ManagedIdentityCredential"/> for the user-assigned identity <paramref name="clientId"/> when
    /// given; the system-assigned managed identity when <paramref name="credentialKind"/> is
    /// <c>managedidentity</c> without a client id; otherwise <see cref="DefaultAzureCredential"/> (developer
    /// sign-in locally, managed identity in Azure).
    /// </summary>
    public static TokenCredential CreateTokenCredential(string? credentialKind, string? clientId)
    {
        if (!string.IsNullOrWhiteSpace(clientId))
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        if (string.Equals(credentialKind, "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }

        return new DefaultAzureCredential();
    }

    /// <summary>Creates a Table service client over this connection.</summary>
    /// <exception cref="InvalidOperationException">The connection has no Table endpoint.</exception>
    public TableServiceClient CreateTableServiceClient(TableClientOptions? options = null)
    {
        Uri endpoint = TableServiceUri ?? throw MissingEndpoint("tableServiceUri", "TableEndpoint");
        return SharedKeyCredential is not null
            ? new TableServiceClient(endpoint, SharedKeyCredential, options)
            : new TableServiceClient(endpoint, TokenCredential!, options);
    }

    /// <summary>Creates a Queue service client over this connection.</summary>
    /// <exception cref="InvalidOperationException">The connection has no Queue endpoint.</exception>
    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions? options = null)
    {
        Uri endpoint = QueueServiceUri ?? throw MissingEndpoint("queueServiceUri", "QueueEndpoint");
        return SharedKeyCredential is not null
            ? new QueueServiceClient(endpoint, SharedKeyCredential, options)
            : new QueueServiceClient(endpoint, TokenCredential!, options);
    }

    /// <inheritdoc />
    public override string ToString()
    {
        string authorization = SharedKeyCredential is not null
            ? $"SharedKey({SharedKeyCredential.AccountName})"
            : $"Token({TokenCredential?.GetType().Name})";
        return $"StorageConnection {{ Table = {TableServiceUri}, Queue = {QueueServiceUri}, Blob = {BlobServiceUri}, Authorization = {authorization} }}";
    }

    internal static StorageConnection FromConnectionString(string connectionString, string? settingName)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var values = StorageConnectionStringParser.Parse(connectionString);

        if (values.TryGetValue("UseDevelopmentStorage", out string? development))
        {
            if (!string.Equals(development, "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException("UseDevelopmentStorage must be 'true' when present.");
            }

            if (values.Count > 1 && !(values.Count == 2 && values.ContainsKey("DevelopmentStorageProxyUri")))
            {
                throw new FormatException("UseDevelopmentStorage=true cannot be combined with other settings.");
            }

            return DevelopmentStorage(settingName);
        }

        if (values.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("SharedAccessSignature connection strings are not supported; use an account key or an identity-based connection.");
        }

        if (!values.TryGetValue("AccountName", out string? accountName) || string.IsNullOrWhiteSpace(accountName))
        {
            throw new FormatException("AccountName is missing.");
        }

        if (!values.TryGetValue("AccountKey", out string? accountKey) || string.IsNullOrWhiteSpace(accountKey))
        {
            throw new FormatException("AccountKey is missing.");
        }

        StorageSharedKeyCredential credential;
        try
        {
            credential = new StorageSharedKeyCredential(accountName, accountKey);
        }
        catch (ArgumentException)
        {
            throw new FormatException("AccountKey is not valid base64.");
        }

        string protocol = values.GetValueOrDefault("DefaultEndpointsProtocol") ?? "https";
        if (protocol is not ("https" or "http"))
        {
            throw new FormatException("DefaultEndpointsProtocol must be 'https' or 'http'.");
        }

        string suffix = values.GetValueOrDefault("EndpointSuffix") ?? "core.windows.net";
        return new StorageConnection(
            Endpoint(values, "TableEndpoint", protocol, accountName, "table", suffix),
            Endpoint(values, "QueueEndpoint", protocol, accountName, "queue", suffix),
            Endpoint(values, "BlobEndpoint", protocol, accountName, "blob", suffix),
            credential,
            tokenCredential: null,
            settingName);
    }

    private static StorageConnection DevelopmentStorage(string? settingName) => new(
        new Uri("http://127.0.0.1:10002/devstoreaccount1"),
        new Uri("http://127.0.0.1:10001/devstoreaccount1"),
        new Uri("http://127.0.0.1:10000/devstoreaccount1"),
        new StorageSharedKeyCredential(DevelopmentStorageAccount.Name, DevelopmentStorageAccount.Key),
        tokenCredential: null,
        settingName);

    private static Uri Endpoint(Dictionary<string, string> values, string key, string protocol, string account, string service, string suffix)
    {
        if (values.TryGetValue(key, out string? explicitEndpoint))
        {
            if (!Uri.TryCreate(explicitEndpoint, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"{key} is not an absolute http(s) URI.");
            }

            return uri;
        }

        return new Uri($"{protocol}://{account}.{service}.{suffix}");
    }

    private static StorageConnection FromIdentitySettings(IConfigurationSection section, string name)
    {
        string? accountName = section["accountName"];
        Uri? table = IdentityEndpoint(section, name, "tableServiceUri", accountName, "table");
        Uri? queue = IdentityEndpoint(section, name, "queueServiceUri", accountName, "queue");
        Uri? blob = IdentityEndpoint(section, name, "blobServiceUri", accountName, "blob")
            ?? IdentityEndpoint(section, name, "serviceUri", accountName: null, "blob");

        if (table is null && queue is null && blob is null)
        {
            throw new InvalidOperationException(
                $"Storage connection '{name}' is not configured: set '{name}' to a connection string " +
                $"(for example UseDevelopmentStorage=true), or for an identity-based connection set " +
                $"'{name}__tableServiceUri' and '{name}__queueServiceUri' (or '{name}__accountName').");
        }

        TokenCredential credential = CreateTokenCredential(section["credential"], section["clientId"]);
        return new StorageConnection(table, queue, blob, sharedKeyCredential: null, credential, name);
    }

    private static Uri? IdentityEndpoint(IConfigurationSection section, string name, string key, string? accountName, string service)
    {
        string? value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.{service}.core.windows.net");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Setting '{name}__{key}' is not an absolute http(s) URI.");
        }

        return uri;
    }

    private InvalidOperationException MissingEndpoint(string identityKey, string connectionStringKey) =>
        new(SettingName is null
            ? $"The storage connection has no {connectionStringKey}."
            : $"Storage connection '{SettingName}' has no endpoint for this service: set '{SettingName}__{identityKey}' " +
              $"(identity-based) or include {connectionStringKey}/AccountName in the connection string.");
}
