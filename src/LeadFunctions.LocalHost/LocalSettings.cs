using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace LeadFunctions.LocalHost;

/// <summary>
/// Reads <c>local.settings.json</c> as <c>func start</c> does: its <c>Values</c> become settings (with
/// <c>__</c> meaning a section, as in Azure app settings) and <c>Host.LocalHttpPort</c> / <c>Host.CORS</c> configure
/// the HTTP host. Environment variables override the file, as they do for the Functions host.
/// </summary>
internal static class LocalSettings
{
    public const string FileName = "local.settings.json";

    public static void AddTo(IConfigurationBuilder configuration, string contentRoot)
    {
        var path = FindUpwards(contentRoot, FileName);
        if (path is null)
        {
            return;
        }

        var settings = new MemoryConfigurationSource { InitialData = ReadSettings(path) };
        InsertBelowEnvironmentVariables(configuration.Sources, settings);
    }

    /// <summary>The file in <paramref name="start"/> or the nearest folder above it that has one.</summary>
    public static string? FindUpwards(string start, string fileName)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The file's <c>Values</c> (<c>__</c> read as <c>:</c>) and its <c>Host</c> port and CORS, as settings.</summary>
    private static Dictionary<string, string?> ReadSettings(string path)
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(path),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var settings))
        {
            foreach (var setting in settings.EnumerateObject())
            {
                values[setting.Name.Replace("__", ":", StringComparison.Ordinal)] = setting.Value.ValueKind == JsonValueKind.String
                    ? setting.Value.GetString()
                    : setting.Value.GetRawText();
            }
        }

        if (document.RootElement.TryGetProperty("Host", out var host))
        {
            ReadHostSettings(host, values);
        }

        return values;
    }

    private static void ReadHostSettings(JsonElement host, Dictionary<string, string?> values)
    {
        if (host.TryGetProperty("LocalHttpPort", out var port))
        {
            values["Host:LocalHttpPort"] = port.GetRawText();
        }

        if (host.TryGetProperty("CORS", out var cors))
        {
            values["Host:CORS"] = cors.GetString();
        }
    }

    /// <summary>The file sits below environment variables, as for the Functions host; last when there are none.</summary>
    private static void InsertBelowEnvironmentVariables(IList<IConfigurationSource> sources, IConfigurationSource settings)
    {
        var environmentIndex = sources.ToList().FindIndex(source => source is EnvironmentVariablesConfigurationSource);
        if (environmentIndex >= 0)
        {
            sources.Insert(environmentIndex, settings);
        }
        else
        {
            sources.Add(settings);
        }
    }
}
