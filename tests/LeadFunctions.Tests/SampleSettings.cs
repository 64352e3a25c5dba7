using System.Text.Json;
using LeadFunctions.Testing;

namespace LeadFunctions.Tests;

/// <summary>
/// The <c>Values</c> of local.settings.sample.json as the worker's configuration sees them: the Functions host passes
/// app settings as environment variables, where <c>Section__Key</c> is the key <c>Section:Key</c>.
/// </summary>
internal static class SampleSettings
{
    /// <summary>The sample's settings, with <paramref name="overrides"/> (app-setting names, as deployed) applied.</summary>
    public static Dictionary<string, string?> Load(params (string Name, string? Value)[] overrides)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")));
        var settings = document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(setting => Key(setting.Name), setting => setting.Value.GetString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in overrides)
        {
            settings[Key(name)] = value;
        }

        return settings;
    }

    private static string Key(string appSetting) => appSetting.Replace("__", ":", StringComparison.Ordinal);
}
