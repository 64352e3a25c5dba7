using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>
/// The hand-off page in a real browser: Debian's headless Chromium opens the link from the email on a phone-sized
/// screen with JavaScript off, the page renders under its Content-Security-Policy, a screenshot is kept, and the rep
/// accepts the lead with one tap.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class HandoffPageBrowserTests(
    LocalHostFixture host,
    ChromiumFixture chromium,
    ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_rep_opens_the_email_s_link_on_a_phone_and_accepts_the_lead_with_one_tap()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);

        var opened = await page.GotoAsync(lead.Link.ToString());
        var screenshot = await KeepScreenshotAsync(page, "handoff-page.png");

        Assert.Equal(200, opened!.Status);
        Assert.Equal("Dana Scully", await page.Locator("h1").InnerTextAsync());
        Assert.Contains(
            "<script>alert(1)</script> Director of Marketing",
            await page.Locator(".role").InnerTextAsync(),
            StringComparison.Ordinal);
        Assert.DoesNotContain(console, message => message.Contains("Content Security Policy", StringComparison.Ordinal));
        Assert.True(new FileInfo(screenshot).Length > 10_000, $"The screenshot at {screenshot} is suspiciously small.");

        // The form posts to the page's own address and the answer is the page again. The wait for that answer is set up
        // before the tap, and the notice is awaited in the page itself: a WaitForLoadStateAsync after the click raced the
        // client's own load-state events and once waited 30 s for a "load" that had already fired.
        var answered = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Accept this lead" }).ClickAsync(),
            response => response.Request.Method == "POST" && response.Url == lead.Link.ToString());
        Assert.Equal(200, answered.Status);
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Accepted. The lead is yours");
        await KeepScreenshotAsync(page, "handoff-page-accepted.png");

        Assert.Contains("SAL", await page.Locator(".badge").First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("SAL", (await HandedOffLead.GetLeadAsync(host, lead.LeadId))!["stage"]!.GetValue<string>());
        Assert.DoesNotContain(console, message => message.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_keeps_one_readable_column_on_a_desktop_screen()
    {
        var lead = await HandedOffLead.CreateAsync(host);
        await using var context = await chromium.Browser.NewContextAsync(
            new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(lead.Link.ToString());
        await KeepScreenshotAsync(page, "handoff-page-desktop.png");

        var main = await page.Locator("main").BoundingBoxAsync();
        Assert.InRange(main!.Width, 600, 700);
        var accept = await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Accept this lead" }).BoundingBoxAsync();
        Assert.True(accept!.Height >= 48, $"The Accept button is {accept.Height}px high: too small to tap.");
    }

    private async Task<string> KeepScreenshotAsync(IPage page, string fileName)
    {
        var path = ChromiumFixture.ArtifactPath(fileName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        return path;
    }
}
