using LeadFunctions.Testing.Functions;
using LeadFunctions.Testing.Logging;
using LeadFunctions.FunctionApp;
using LeadFunctions.Tests.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests;

/// <summary>
/// The worker host as Program.cs builds it, with local.settings.sample.json's settings: it builds, every option
/// validates as at start, and every function class can be created from its services as the worker creates it.
/// </summary>
public sealed class FunctionAppBuilderTests
{
    [Fact]
    public void The_worker_builds_with_the_sample_settings_and_every_option_validates_at_start()
    {
        using var host = Build();

        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Every_function_class_can_be_created_from_the_worker_services()
    {
        using var host = Build();
        using var scope = host.Services.CreateScope();
        var app = typeof(FunctionAppBuilder).Assembly;
        var classes = FunctionsMetadata.Load()
            .Select(function => function.EntryPoint[..function.EntryPoint.LastIndexOf('.')])
            .Distinct(StringComparer.Ordinal)
            .Select(name => app.GetType(name, throwOnError: true)!)
            .ToArray();

        Assert.NotEmpty(classes);
        Assert.All(classes, type => Assert.IsType(type, ActivatorUtilities.CreateInstance(scope.ServiceProvider, type)));
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware")]
    [InlineData("System.Net.Http.HttpClient.Default.LogicalHandler")]
    [InlineData("Azure.Core")]
    [InlineData("Azure.Storage.Queues")]
    public void The_worker_logs_request_lines_only_from_warning_whatever_its_configuration_says(string category)
    {
        var logs = new CapturingLoggerProvider();
        var settings = SampleSettings.Load(
            ("Logging__LogLevel__Default", "Debug"),
            ("Logging__LogLevel__Microsoft.AspNetCore", "Information"),
            ("Logging__LogLevel__System.Net.Http", "Information"),
            ("Logging__LogLevel__Azure.Core", "Information"));
        using var host = FunctionAppBuilder.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.AddProvider(logs);
        }).Build();
        var factory = host.Services.GetRequiredService<ILoggerFactory>();
        var logger = factory.CreateLogger(category);
        var ours = factory.CreateLogger("LeadFunctions.Sales");

        logger.LogInformation("Request starting GET /api/handoffs/token-information");
        logger.LogWarning("Request failed GET /api/handoffs/token-warning");
        ours.LogInformation("ours");

        Assert.Equal(
            [$"{LogLevel.Warning} {category}", $"{LogLevel.Information} LeadFunctions.Sales"],
            logs.Lines.Where(line => line.Category == category || line.Category == "LeadFunctions.Sales").Select(line => $"{line.Level} {line.Category}"));
    }

    [Theory]
    [InlineData("Capture__RateLimitPerMinute", "0")]
    [InlineData("Webhooks__EventsSecret", "")]
    [InlineData("Webhooks__EventsSecret", "too-short")]
    [InlineData("Webhooks__SegmentSharedSecret", "@Microsoft.KeyVault(SecretUri=https://vault.example/secrets/segment/)")]
    [InlineData("Smtp__FromAddress", "not an address")]
    [InlineData("Notifications__PublicBaseUrl", "api")]
    [InlineData("Notifications__LeadLinkBaseUrl", "https://app.example/api/leads/")]
    [InlineData("Notifications__EscalationRecipient", "managers")]
    [InlineData("Handoff__LinkSecret", "")]
    [InlineData("Handoff__LinkSecret", "too-short")]
    [InlineData("Handoff__LinkSecret", "@Microsoft.KeyVault(SecretUri=https://vault.example/secrets/handoff-link-secret/)")]
    [InlineData("Handoff__LinkLifetimeDays", "0")]
    [InlineData("Handoff__SlaHours", "0")]
    [InlineData("Sales__LostReasons", "")]
    [InlineData("Sales__DisqualifyReasons", "No budget,Spam or fake")]
    [InlineData("Decay__PageSize", "0")]
    [InlineData("Tracking__AnonymousRetentionDays", "0")]
    [InlineData("Tracking__AnonymousRetentionDays", "3651")]
    [InlineData("Tracking__AnonymousRetentionDay", "30")]
    [InlineData("Handoff__MaxAttempts", "0")]
    [InlineData("Scoring__ModelPath", "/no/such/model.json")]
    [InlineData("Models__ReviewRecipient", "")] // required while Models__ReviewSchedule is set (the sample sets it)
    [InlineData("Models__ReviewRecipient", "marketing ops")]
    [InlineData("Models__ReviewWindowDays", "0")]
    [InlineData("BacktestQueueName", "")]
    [InlineData("SuggestionQueueName", "")]
    [InlineData("Handoff__SlaHour", "48")] // misspelled: the shared unknown-key check covers every section now
    [InlineData("Sales__LostReason", "Price")]
    [InlineData("Decay__PageSise", "100")]
    [InlineData("Capture__RateLimitPerMinutes", "10")]
    [InlineData("Webhooks__EventSecret", "0123456789abcdef0123")]
    public void A_bad_setting_stops_the_worker_at_start_naming_the_setting(string setting, string value)
    {
        var failure = Assert.ThrowsAny<Exception>(() =>
        {
            using var host = Build((setting, value));
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        });

        Assert.Contains(setting, Messages(failure), StringComparison.Ordinal);
    }

    /// <summary>The worker host, built as Program.cs builds it, with the sample settings and <paramref name="overrides"/>.</summary>
    private static IHost Build(params (string Name, string? Value)[] overrides)
    {
        var settings = SampleSettings.Load(overrides);
        return FunctionAppBuilder.Create([], builder => builder.Configuration.AddInMemoryCollection(settings)).Build();
    }

    private static string Messages(Exception exception) => exception switch
    {
        AggregateException aggregate => string.Join(Environment.NewLine, aggregate.InnerExceptions.Select(Messages)),
        OptionsValidationException options => string.Join(Environment.NewLine, options.Failures),
        _ => exception.Message + (exception.InnerException is { } inner ? Environment.NewLine + Messages(inner) : string.Empty),
    };
}
