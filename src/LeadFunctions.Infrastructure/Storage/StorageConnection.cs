using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The storage account of a connection setting, read the way the Azure Functions host reads
/// <c>AzureWebJobsStorage</c>: the setting's value (or <c>ConnectionStrings:name</c>) is a connection string, else
/// the identity-based keys under it name the service URIs (<c>__tableServiceUri</c>, <c>__queueServiceUri</c>, or
/// <c>__accountName</c> for <c>https://{account}.{service}.core.windows.net</c>) and the credential
/// (<c>__credential</c> = <c>managedidentity</c>, <c>__clientId</c> for a user-assigned identity).
/// Microsoft.Extensions.Azure binds settings by constructor parameter name, so these keys are read here and the URIs
/// passed to the clients explicitly. <see cref="ToString"/> never shows a connection string.
/// </summary>
internal sealed class StorageConnection
{
    private StorageConnection(string? connectionString, Uri? tableServiceUri, Uri? queueServiceUri, TokenCredential? credential)
    {
        ConnectionString = connectionString;
        TableServiceUri = tableServiceUri;
        QueueServiceUri = queueServiceUri;
        Credential = credential;
    }

    /// <summary>The connection string (account key or development storage); null for identity-based connections.</summary>
    public string? ConnectionString { get; }

    /// <summary>The Table service URI of an identity-based connection.</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>The Queue service URI of an identity-based connection.</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>The token credential of an identity-based connection.</summary>
    public TokenCredential? Credential { get; }

    /// <exception cref="InvalidOperationException">The setting is missing or malformed; the message names it, never its value.</exception>
    public static StorageConnection FromConfiguration(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(name);
        var connectionString = section.Value is { Length: > 0 } value ? value : configuration.GetConnectionString(name);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            CheckConnectionString(connectionString, name);
            return new StorageConnection(connectionString, null, null, null);
        }

        var accountName = section["accountName"];
        var table = ServiceUri(section, name, "tableServiceUri", accountName, "table");
        var queue = ServiceUri(section, name, "queueServiceUri", accountName, "queue");
        if (table is null || queue is null)
        {
            throw new InvalidOperationException(
                $"Storage connection '{name}' is not configured: set '{name}' to a connection string (for example " +
                $"UseDevelopmentStorage=true), or for an identity-based connection set '{name}__tableServiceUri' and " +
                $"'{name}__queueServiceUri' (or '{name}__accountName').");
        }

        return new StorageConnection(null, table, queue, CreateCredential(section["credential"], section["clientId"]));
    }

    /// <summary>A user-assigned managed identity when a client id is given, the system-assigned one for
    /// <c>credential=managedidentity</c> alone, otherwise <see cref="DefaultAzureCredential"/>.</summary>
    public static TokenCredential CreateCredential(string? credentialKind, string? clientId)
    {
        if (!string.IsNullOrWhiteSpace(clientId))
        {
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        return string.Equals(credentialKind, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
    }

    public override string ToString() => ConnectionString is not null
        ? "StorageConnection { connection string }"
        : $"StorageConnection {{ Table = {TableServiceUri}, Queue = {QueueServiceUri}, Credential = {Credential?.GetType().Name} }}";

    /// <summary>The SDK parses a connection string when a client is created (no I/O): do it now, to fail at start.</summary>
    private static void CheckConnectionString(string connectionString, string name)
    {
        try
        {
            _ = new Azure.Data.Tables.TableServiceClient(connectionString);
            _ = new Azure.Storage.Queues.QueueServiceClient(connectionString);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's messages name the missing keyword, never a value.
            throw new InvalidOperationException(
                $"Setting '{name}' is not a valid storage connection string: {exception.Message}",
                exception);
        }
    }

    private static Uri? ServiceUri(IConfigurationSection section, string name, string key, string? accountName, string service)
    {
        var value = section[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.{service}.core.windows.net");
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"Setting '{name}__{key}' is not an absolute http(s) URI.");
    }
}
