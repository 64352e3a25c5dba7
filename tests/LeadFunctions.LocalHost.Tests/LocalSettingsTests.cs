using LeadFunctions.LocalHost;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>local.settings.json read as <c>func start</c> reads it, from a real file in a temporary folder.</summary>
public sealed class LocalSettingsTests : IDisposable
{
    private const string EnvironmentPrefix = "LeadFunctionsLocalSettingsTests_";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("local-settings-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Values_become_settings_with_double_underscores_as_sections_and_other_json_as_its_text()
    {
        Write(_root.FullName, """
            { "Values": { "Scoring__ModelPath": "model.json", "Decay__MaxLeadsPerRun": 20000, "Flag": true, "Nothing": null } }
            """);

        var configuration = Build(new ConfigurationBuilder(), _root.FullName);

        Assert.Equal("model.json", configuration["Scoring:ModelPath"]);
        Assert.Equal("20000", configuration["Decay:MaxLeadsPerRun"]);
        Assert.Equal("true", configuration["Flag"]);
        Assert.Equal("null", configuration["Nothing"]);
    }

    [Fact]
    public void Host_port_and_cors_become_host_settings()
    {
        Write(_root.FullName, """{ "Host": { "LocalHttpPort": 7072, "CORS": "http://localhost:3000", "Other": 1 } }""");

        var configuration = Build(new ConfigurationBuilder(), _root.FullName);

        KeyValuePair<string, string?>[] expected =
            [new("Host", null), new("Host:CORS", "http://localhost:3000"), new("Host:LocalHttpPort", "7072")];
        Assert.Equal(expected, configuration.AsEnumerable().OrderBy(pair => pair.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Environment_variables_override_the_file_and_the_file_overrides_earlier_sources()
    {
        Write(_root.FullName, """{ "Values": { "Key": "file", "Other": "file" } }""");
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Other", "earlier")])
            .AddEnvironmentVariables(EnvironmentPrefix);
        Environment.SetEnvironmentVariable(EnvironmentPrefix + "Key", "environment");
        try
        {
            var configuration = Build(builder, _root.FullName);

            Assert.Equal("environment", configuration["Key"]);
            Assert.Equal("file", configuration["Other"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(EnvironmentPrefix + "Key", null);
        }
    }

    [Fact]
    public void Without_environment_variables_the_file_comes_last()
    {
        Write(_root.FullName, """{ "Values": { "Key": "file" } }""");
        var builder = new ConfigurationBuilder().AddInMemoryCollection([new("Key", "earlier")]);

        Assert.Equal("file", Build(builder, _root.FullName)["Key"]);
    }

    [Fact]
    public void Reads_the_nearest_file_above_the_content_root_with_comments_and_trailing_commas()
    {
        var app = _root.CreateSubdirectory("app");
        var contentRoot = app.CreateSubdirectory("bin").FullName;
        Write(_root.FullName, """{ "Values": { "Key": "outer" } }""");
        Write(app.FullName, """
            {
              // the app's own settings
              "Values": { "Key": "inner", },
            }
            """);

        Assert.Equal("inner", Build(new ConfigurationBuilder(), contentRoot)["Key"]);
    }

    [Fact]
    public void Adds_no_source_without_a_file()
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix);

        LocalSettings.AddTo(builder, _root.CreateSubdirectory("empty").FullName);

        Assert.Single(builder.Sources);
    }

    private static IConfigurationRoot Build(IConfigurationBuilder builder, string contentRoot)
    {
        LocalSettings.AddTo(builder, contentRoot);
        return builder.Build();
    }

    private static void Write(string folder, string json) =>
        File.WriteAllText(Path.Combine(folder, LocalSettings.FileName), json);
}
