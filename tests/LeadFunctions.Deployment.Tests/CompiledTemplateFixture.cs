using System.Text.Json;
using LeadFunctions.Deployment.Tests.Arm;
using LeadFunctions.Deployment.Tests.Bicep;

namespace LeadFunctions.Deployment.Tests;

/// <summary>
/// Compiles infra/main.bicep once for the tests of <see cref="CompiledTemplateCollection"/> with the Bicep CLI restored
/// from NuGet: <c>bicep lint</c> for the diagnostics of main.bicep and every module, <c>bicep build --stdout</c> for the
/// ARM JSON that azd deploys, which the tests read. Fails when Bicep cannot compile the templates; warnings and linter
/// findings are kept in <see cref="Diagnostics"/>, which a test requires to be empty.
/// </summary>
public sealed class CompiledTemplateFixture : IAsyncLifetime
{
    public const string MainBicep = "infra/main.bicep";

    /// <summary>The compiled main template as text (nested module templates included).</summary>
    public string Json { get; private set; } = string.Empty;

    /// <summary>The compiled main template; its modules are nested deployments with their own templates.</summary>
    public ArmTemplate Main { get; private set; } = null!;

    /// <summary>Every warning or error of <c>bicep lint</c> and <c>bicep build</c>, one line each.</summary>
    public IReadOnlyList<string> Diagnostics { get; private set; } = [];

    /// <summary>The function app: the one <c>Microsoft.Web/sites</c> resource of the deployment.</summary>
    public ArmResource FunctionApp => Main.AllResources.Single(resource => resource.Type == "Microsoft.Web/sites");

    /// <summary>The function app's app settings as the compiled template deploys them.</summary>
    public FunctionAppSettings AppSettings => FunctionAppSettings.Of(FunctionApp);

    public async Task InitializeAsync()
    {
        var bicep = BicepCli.FromPackage();
        var main = DeploymentFiles.PathOf(MainBicep);
        var linting = bicep.RunAsync(["lint", main, "--diagnostics-format", "sarif"]);
        var building = bicep.RunAsync(["build", main, "--stdout"]);
        var (lint, build) = (await linting, await building);
        if (lint.ExitCode != 0 || build.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"Bicep could not compile {MainBicep}.{Environment.NewLine}{build}{Environment.NewLine}{lint}{lint.StandardOutput}");
        }

        Diagnostics = [.. SarifResults(lint.StandardOutput).Select(line => $"bicep lint: {line}"),
            .. build.StandardError
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => $"bicep build: {line}")];
        Json = build.StandardOutput;
        Main = ArmTemplate.Parse(Json);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The results of a SARIF log, as "file(line,column) level rule: message".</summary>
    private static IEnumerable<string> SarifResults(string sarif)
    {
        using var log = JsonDocument.Parse(sarif);
        var lines = new List<string>();
        foreach (var result in log.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(run => run.GetProperty("results").EnumerateArray()))
        {
            var level = result.TryGetProperty("level", out var value) ? value.GetString() : "warning";
            var location = result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0
                ? Location(locations[0].GetProperty("physicalLocation"))
                : MainBicep;
            lines.Add(
                $"{location} {level} {result.GetProperty("ruleId").GetString()}:" +
                $" {result.GetProperty("message").GetProperty("text").GetString()}");
        }

        return lines;
    }

    private static string Location(JsonElement physicalLocation)
    {
        var file = Path.GetRelativePath(
            DeploymentFiles.Root,
            new Uri(physicalLocation.GetProperty("artifactLocation").GetProperty("uri").GetString()!).LocalPath);
        var region = physicalLocation.GetProperty("region");
        return $"{file}({region.GetProperty("startLine").GetInt32()},{region.GetProperty("charOffset").GetInt32()})";
    }
}
