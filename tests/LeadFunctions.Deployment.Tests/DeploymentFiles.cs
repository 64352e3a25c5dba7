using System.Text.Json;
using System.Text.RegularExpressions;
using LeadFunctions.Testing;

namespace LeadFunctions.Tests.Deployment;

/// <summary>Reads the repository's deployment files: the sample settings, the Bicep app settings, azure.yaml.</summary>
internal static partial class DeploymentFiles
{
    /// <summary>The Bicep file whose <c>var appSettings = { ... }</c> object holds every app setting of the function app.</summary>
    public const string AppSettingsBicep = "infra/app/api.bicep";

    public static string Root { get; } = RepositoryRoot.Find();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>The names under <c>Values</c> in local.settings.sample.json.</summary>
    public static IReadOnlySet<string> SampleSettingNames()
    {
        using var document = JsonDocument.Parse(Read("local.settings.sample.json"));
        return document.RootElement.GetProperty("Values").EnumerateObject().Select(property => property.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The settings of the top-level <c>var appSettings = { ... }</c> object in <see cref="AppSettingsBicep"/>, name to
    /// value expression. Every line of the object is a comment, blank, or one <c>Name: value</c> or <c>'Name': value</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The object is missing, or a line is not a flat setting.</exception>
    public static IReadOnlyDictionary<string, string> BicepAppSettings()
    {
        var match = AppSettingsObject().Match(Read(AppSettingsBicep));
        if (!match.Success)
        {
            throw new InvalidOperationException($"{AppSettingsBicep} has no top-level 'var appSettings = {{' ... '}}' object.");
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in match.Groups["body"].Value.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var setting = SettingLine().Match(line);
            if (!setting.Success)
            {
                throw new InvalidOperationException($"{AppSettingsBicep}: '{line}' is not a flat 'Name: value' app setting.");
            }

            if (!settings.TryAdd(setting.Groups["name"].Value, setting.Groups["value"].Value))
            {
                throw new InvalidOperationException($"{AppSettingsBicep}: '{setting.Groups["name"].Value}' is set twice.");
            }
        }

        return settings;
    }

    /// <summary>Every file under infra/, path relative to the repository root and text.</summary>
    public static IEnumerable<(string Path, string Text)> InfraFiles() =>
        Directory.EnumerateFiles(PathOf("infra"), "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetRelativePath(Root, path), File.ReadAllText(path)));

    [GeneratedRegex(@"^var appSettings = \{[ \t]*\r?\n(?<body>.*?)^\}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex AppSettingsObject();

    [GeneratedRegex(@"^'?(?<name>[A-Za-z_][A-Za-z0-9_]*)'?\s*:\s*(?<value>\S.*)$")]
    private static partial Regex SettingLine();
}
