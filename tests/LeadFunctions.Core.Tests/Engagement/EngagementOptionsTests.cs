using LeadFunctions.Engagement;
using LeadFunctions.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Core.Tests.Engagement;

/// <summary>The <c>Engagement</c> settings bound and checked as the hosts do, from app-setting names (<c>Section__Key</c>).</summary>
public sealed class EngagementOptionsTests
{
    [Fact]
    public void Without_settings_the_defaults_apply_with_every_known_scanner_and_automation_family()
    {
        var options = Bind([]);

        Assert.Equal((10, 3, 2), (options.MinSecondsAfterDelivery, options.BurstLinks, options.BurstSeconds));
        Assert.Equal(
            ["barracuda", "bot", "curl", "headlesschrome", "mimecast", "proofpoint", "python-requests", "safelinks"],
            options.EnabledFamilies().Select(family => family.Family));
    }

    [Fact]
    public void A_family_can_be_added_replaced_or_switched_off_one_setting_each()
    {
        var options = Bind(new()
        {
            ["Engagement__MinSecondsAfterDelivery"] = "30",
            ["Engagement__UserAgentPatterns__cisco"] = "CiscoSecureEmail|IronPort",
            ["Engagement__UserAgentPatterns__Bot"] = "Googlebot|bingbot",
            ["Engagement__UserAgentPatterns__curl"] = "",
        });
        var rules = new MachineEngagementClassifier(options);

        Assert.Equal(30, options.MinSecondsAfterDelivery);
        Assert.Equal("cisco", rules.UserAgentFamily("Mozilla/5.0 IronPort scanner"));
        Assert.Equal("browser", rules.UserAgentFamily("curl/8.5.0"));
        Assert.Equal("browser", rules.UserAgentFamily("Mozilla/5.0 (Linux; Android 9; CUBOT X19)"));
        Assert.Equal("bot", rules.UserAgentFamily("Mozilla/5.0 (compatible; Googlebot/2.1)"));
    }

    [Theory]
    [InlineData("Engagement__MinSecondsAfterDelivery", "-1", "Engagement__MinSecondsAfterDelivery must be between 0 (off) and 3600.")]
    [InlineData("Engagement__BurstLinks", "1", "Engagement__BurstLinks must be between 2 and 100.")]
    [InlineData("Engagement__BurstSeconds", "61", "Engagement__BurstSeconds must be between 0 and 60.")]
    [InlineData("Engagement__UserAgentPatterns__scanner", "(unclosed", "Engagement__UserAgentPatterns__scanner is not a regular expression")]
    [InlineData("Engagement__UserAgentPatterns__scanner", "(?<=x)bot", "Engagement__UserAgentPatterns__scanner uses what a pattern without")]
    [InlineData("Engagement__UserAgentPatterns__browser", "Chrome", "Engagement__UserAgentPatterns__browser is reserved")]
    [InlineData("Engagement__UserAgentPatterns__bad_name", "x", "Engagement__UserAgentPatterns__bad_name is not a family name")]
    [InlineData("Engagement__MinSecondsAfterDelivry", "5", "Engagement__MinSecondsAfterDelivry is not a setting (misspelled?)")]
    public void A_bad_setting_stops_the_start_naming_it(string setting, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [setting] = value }));

        Assert.Contains(error.Failures, failure => failure.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_pattern_longer_than_five_hundred_characters_is_refused()
    {
        var error = Assert.Throws<OptionsValidationException>(
            () => Bind(new() { ["Engagement__UserAgentPatterns__long"] = new string('a', 501) }));

        Assert.Contains(error.Failures, failure => failure.Contains("longer than 500 characters", StringComparison.Ordinal));
    }

    private static EngagementOptions Bind(Dictionary<string, string?> appSettings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(appSettings.Select(setting =>
                new KeyValuePair<string, string?>(setting.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), setting.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddValidatedSettings<EngagementOptions>(EngagementOptions.SectionName);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<EngagementOptions>>().Value;
    }
}
