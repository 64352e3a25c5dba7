using LeadFunctions.LocalHost.Tests.Sales;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LeadFunctions.LocalHost.Tests.Reporting;

/// <summary>
/// The funnel report's page in Debian's headless Chromium, as a manager opens it with the key in <c>code=</c>: the SVG
/// funnel renders under the Content-Security-Policy, a hostile campaign name shows as text, nothing is fetched from
/// another origin, and a screenshot is kept beside the hand-off page's.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class FunnelReportBrowserTests(
    LocalHostFixture host,
    ChromiumFixture chromium,
    ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_manager_reads_the_funnel_with_its_svg_and_a_hostile_campaign_name_as_text()
    {
        await FunnelReportLeads.CaptureScoredAsync(host, FunnelReportLeads.HostileCampaign);
        await HandedOffLead.CreateAsync(host); // an MQL and an SQL too, so the funnel has more than one bar
        var origin = new Uri(host.Client.BaseAddress!, "/");
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        var console = new List<string>();
        context.Request += (_, request) => requests.Add(request.Url);
        page.Console += (_, message) => console.Add(message.Text);

        var query = FunnelReportLeads.Query(host, "campaign") + "&format=html&code=" + LocalHostFixture.FunctionKey;
        var url = new Uri(host.Client.BaseAddress!, query);
        var opened = await page.GotoAsync(url.ToString());
        var screenshot = ChromiumFixture.ArtifactPath("funnel-report.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        output.WriteLine($"Screenshot: {screenshot}");

        Assert.Equal(200, opened!.Status);
        Assert.Equal(8, await page.Locator("svg.funnel g.stage rect").CountAsync());
        Assert.True(await page.Locator("svg.funnel").IsVisibleAsync());
        Assert.Matches("^[1-9][0-9]*$", await page.Locator("svg.funnel g[data-stage=Lead] tspan.count").TextContentAsync());
        Assert.Matches("^[1-9][0-9]*$", await page.Locator("svg.funnel g[data-stage=SQL] tspan.count").TextContentAsync());
        var hostile = new PageLocatorOptions { HasTextString = FunnelReportLeads.HostileCampaign };
        Assert.Equal(1, await page.Locator("td.group-name", hostile).CountAsync());
        Assert.Equal(0, await page.Locator("main script").CountAsync());
        Assert.All(requests, request => Assert.StartsWith(origin.ToString(), request, StringComparison.Ordinal));
        Assert.DoesNotContain(console, message => message.Contains("Content Security Policy", StringComparison.Ordinal));
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"The screenshot at {screenshot} is suspiciously small.");
    }

    [Fact]
    public async Task A_bad_date_in_the_pages_address_answers_a_small_html_page_naming_it()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var query = "api/reports/funnel?from=2026-11-31&to=2026-12-01&format=html&code=" + LocalHostFixture.FunctionKey;
        var url = new Uri(host.Client.BaseAddress!, query);
        var opened = await page.GotoAsync(url.ToString());

        Assert.Equal(400, opened!.Status);
        Assert.Equal("This report cannot be shown", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("'from'", await page.Locator("main p").Last.InnerTextAsync(), StringComparison.Ordinal);
    }
}
