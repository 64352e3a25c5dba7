using LeadFunctions.Email;
using LeadFunctions.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email.Tests;

/// <summary>
/// AddSalesEmail in a real host, configured with the app-setting names of docs/notifications.md
/// (<c>Section__Key</c>, as Azure and the Functions host hand them over): a bad setting stops the start and is named.
/// </summary>
public sealed class NotifierSettingsTests
{
    private const string Password = "pa55-w0rd-never-shown";

    private static readonly Dictionary<string, string?> Documented = new()
    {
        ["Smtp__Host"] = "smtp.azurecomm.net",
        ["Smtp__Port"] = "587",
        ["Smtp__EnableSsl"] = "true",
        ["Smtp__UserName"] = "acs-resource.app-id.tenant-id",
        ["Smtp__Password"] = Password,
        ["Smtp__FromAddress"] = "leads@example.com",
        ["Smtp__FromName"] = "Lead desk",
        ["Smtp__TimeoutSeconds"] = "30",
        ["Notifications__DefaultRecipient"] = "sales@example.com",
        ["Notifications__PublicBaseUrl"] = "https://leadfunctions.azurewebsites.net/api/",
        ["Notifications__EscalationRecipient"] = "sales-manager@example.com",
        ["Handoff__LinkSecret"] = "documented-link-secret-0123456789abcdef",
        ["Notifications__Routes__0__Countries"] = "DE,AT,CH",
        ["Notifications__Routes__0__Recipient"] = "dach-sales@example.com",
        ["Notifications__Routes__1__MinCompanySize"] = "1000",
        ["Notifications__Routes__1__Recipient"] = "enterprise-sales@example.com",
    };

    [Fact]
    public async Task The_documented_settings_start_the_host_and_bind_every_route()
    {
        using var host = Build(Documented);

        await host.StartAsync();
        await host.StopAsync();

        Assert.IsType<SmtpSalesNotifier>(host.Services.GetRequiredService<ISalesNotifier>());
        var notifications = host.Services.GetRequiredService<IOptions<NotificationOptions>>().Value;
        Assert.Equal(["DE,AT,CH", null], notifications.Routes.Select(r => r.Countries));
        Assert.Equal([null, 1000], notifications.Routes.Select(r => r.MinCompanySize));
        Assert.Equal(["dach-sales@example.com", "enterprise-sales@example.com"], notifications.Routes.Select(r => r.Recipient));
    }

    [Fact]
    public async Task Maildev_needs_only_host_port_and_addresses()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = "1025",
            ["Smtp__EnableSsl"] = "false",
            ["Smtp__UserName"] = string.Empty,
            ["Smtp__Password"] = string.Empty,
            ["Smtp__FromAddress"] = "leadfunctions@localhost.localdomain",
            ["Notifications__DefaultRecipient"] = "sales@localhost.localdomain",
            ["Notifications__PublicBaseUrl"] = "http://localhost:7071/api/",
            ["Handoff__LinkSecret"] = "local-handoff-link-secret-change-me-0123456789",
        });

        await host.StartAsync();
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Smtp__Host", "", "Smtp__Host is required")]
    [InlineData("Smtp__Port", "0", "Smtp__Port")]
    [InlineData("Smtp__Port", "465", "Smtp__Port 465 is implicit TLS")]
    [InlineData("Smtp__FromAddress", "", "Smtp__FromAddress is required")]
    [InlineData("Smtp__FromAddress", "not an address", "Smtp__FromAddress must be one email address")]
    [InlineData("Smtp__FromAddress", "Leads <leads@example.com>", "Smtp__FromAddress must be one email address")]
    [InlineData("Smtp__TimeoutSeconds", "600", "Smtp__TimeoutSeconds must be between 1 and 120")]
    [InlineData("Smtp__Password", "", "Smtp__Password is required when Smtp__UserName is set")]
    [InlineData("Smtp__UserName", "", "Smtp__UserName is required when Smtp__Password is set")]
    [InlineData(
        "Smtp__Password",
        "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/smtp-password)",
        "Smtp__Password holds an unresolved Key Vault reference")]
    [InlineData("Notifications__DefaultRecipient", "", "Notifications__DefaultRecipient is required")]
    [InlineData(
        "Notifications__DefaultRecipient",
        "sales@example.com, ceo@example.com",
        "Notifications__DefaultRecipient must be one email address")]
    [InlineData("Notifications__PublicBaseUrl", "", "Notifications__PublicBaseUrl is required")]
    [InlineData(
        "Notifications__PublicBaseUrl",
        "javascript:alert(1)//",
        "Notifications__PublicBaseUrl must be an absolute http or https URL")]
    [InlineData(
        "Notifications__PublicBaseUrl",
        "https://app.example/api/?x=1",
        "Notifications__PublicBaseUrl must be an absolute http or https URL without query or fragment")]
    [InlineData("Notifications__EscalationRecipient", "managers", "Notifications__EscalationRecipient must be one email address")]
    [InlineData(
        "Notifications__LeadLinkBaseUrl",
        "https://app.example/api/leads/",
        "Notifications__LeadLinkBaseUrl was replaced by Notifications__PublicBaseUrl")]
    [InlineData("Notifications__Routes__1__Recipient", "enterprise-sales", "Notifications__Routes__1__Recipient must be one email address")]
    [InlineData("Notifications__Routes__1__Recipient", "", "Notifications__Routes__1__Recipient is required")]
    [InlineData(
        "Notifications__Routes__1__MaxCompanySize",
        "10",
        "Notifications__Routes__1__MinCompanySize must not be larger than MaxCompanySize")]
    [InlineData("Notifications__Routes__0__Countries", " , ", "Notifications__Routes__0__Countries must list country codes")]
    public async Task A_bad_setting_stops_the_start_and_is_named(string setting, string value, string expected)
    {
        var error = await StartErrorAsync(new Dictionary<string, string?>(Documented) { [setting] = value });

        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Notifications__Routes__0__Country")]
    [InlineData("Notifications__Routes__0__MinCompanysize2")]
    [InlineData("Smtp__Server")]
    [InlineData("Notifications__Digest")] // not implemented: refused rather than silently ignored
    public async Task A_misspelled_setting_stops_the_start_instead_of_being_ignored(string misspelled)
    {
        var error = await StartErrorAsync(new Dictionary<string, string?>(Documented) { [misspelled] = "DE" });

        Assert.Contains($"{misspelled} is not a setting (misspelled?)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_route_without_conditions_before_other_routes_stops_the_start()
    {
        var settings = new Dictionary<string, string?>(Documented);
        settings.Remove("Notifications__Routes__0__Countries");

        var error = await StartErrorAsync(settings);

        Assert.Contains("Notifications__Routes__0 has no condition", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_never_cross_the_network_without_tls()
    {
        var error = await StartErrorAsync(new Dictionary<string, string?>(Documented) { ["Smtp__EnableSsl"] = "false" });

        Assert.Contains("Smtp__EnableSsl must be true when Smtp__UserName is set", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_send_timeout_must_end_before_the_hand_off_lease()
    {
        var error = await StartErrorAsync(new Dictionary<string, string?>(Documented) { ["Handoff__SendLease"] = "00:00:30" });

        Assert.Contains("Smtp__TimeoutSeconds (30) must be shorter than Handoff__SendLease (00:00:30)", error, StringComparison.Ordinal);
    }

    private static IHost Build(IReadOnlyDictionary<string, string?> appSettings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        // App settings arrive as environment variables: "__" separates sections, as the environment provider maps it.
        builder.Configuration.AddInMemoryCollection(appSettings.Select(setting =>
            KeyValuePair.Create(setting.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), setting.Value)));
        builder.Services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.SectionName);
        builder.AddSalesEmail();
        return builder.Build();
    }

    private static async Task<string> StartErrorAsync(IReadOnlyDictionary<string, string?> appSettings)
    {
        using var host = Build(appSettings);
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        return Describe(exception);
    }

    private static string Describe(Exception exception) => exception switch
    {
        AggregateException aggregate => string.Join("\n", aggregate.InnerExceptions.Select(Describe)),
        OptionsValidationException validation => string.Join("\n", validation.Failures),
        _ => exception.Message + (exception.InnerException is { } inner ? "\n" + Describe(inner) : string.Empty),
    };
}
