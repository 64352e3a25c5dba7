using System.Text.Json;
using LeadFunctions.Testing;

namespace LeadFunctions.Deployment.Tests;

/// <summary>Reads the repository's deployment files that are not compiled: the sample settings, azure.yaml, parameters.</summary>
internal static class DeploymentFiles
{
    public static string Root { get; } = RepositoryRoot.Find();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>The names under <c>Values</c> in local.settings.sample.json.</summary>
    public static IReadOnlySet<string> SampleSettingNames()
    {
        using var document = JsonDocument.Parse(Read("local.settings.sample.json"));
        return document.RootElement.GetProperty("Values")
            .EnumerateObject()
            .Select(property => property.Name)
            .ToHashSet(StringComparer.Ordinal);
    }
}
