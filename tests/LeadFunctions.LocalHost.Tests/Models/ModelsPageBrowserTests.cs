using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.LocalHost.Tests.Sales;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LeadFunctions.LocalHost.Tests.Models;

/// <summary>
/// The models page through the local host on Azurite, in Debian's headless Chromium as a marketing manager opens it
/// (the key in <c>code=</c>, JavaScript off): a version published on a real backtest is live, the seed retired and a
/// draft waits with its diff unfolded; hostile notes and reasons show as text, nothing loads from elsewhere, the key
/// appears in no command, and screenshots are kept beside the funnel's. Bad input answers as the funnel page does.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class ModelsPageBrowserTests(
    LocalHostFixture host,
    ChromiumFixture chromium,
    ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    private const int Leads = 120;
    private const string Live = "b2b-saas-2026.12.0";
    private const string Draft = "b2b-saas-2026.12.1";
    private const string HostileNote = "<script>alert('note')</script> points fitted to 120 outcomes";
    private const string HostileReason = "\"><img src=x onerror=alert(1)> AUC up on the last quarter's outcomes";
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);
    private static readonly string s_seed = ScoringModel.Default.Version;

    [Fact]
    public async Task A_manager_reads_the_live_version_its_backtest_a_drafts_diff_and_the_curl_with_hostile_text_as_text()
    {
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        settings["BacktestQueueName"] = "model-backtests-" + Guid.NewGuid().ToString("N")[..8];
        settings["SuggestionQueueName"] = "model-suggestions-" + Guid.NewGuid().ToString("N")[..8];
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            await SeedLeadsAsync(app);
            var suggested = await SuggestAsync(client);
            suggested["version"] = Live;
            var candidate = suggested.ToJsonString();
            host.Clock.Advance(TimeSpan.FromHours(2)); // the listing is newest first: each version stored later than the one before
            await SendAsync(client, HttpMethod.Post, "api/models/versions?note=" + Uri.EscapeDataString(HostileNote), candidate, HttpStatusCode.Created);
            var backtestId = await BacktestAsync(client, candidate);

            // Published on its backtest, forced: the page is what this test reads, not the gate (PublishGateTests and
            // ModelVersionsTests cover it). The suggestion's holdout follows the leads' random ids, so on some runs the
            // fitted candidate backtests below the live model and the gate refuses it (409).
            await SendAsync(
                client,
                HttpMethod.Post,
                $"api/models/versions/{Live}/publish",
                new JsonObject { ["reason"] = HostileReason, ["backtestId"] = backtestId, ["force"] = true }.ToJsonString(),
                HttpStatusCode.OK);
            host.Clock.Advance(TimeSpan.FromDays(1));
            var draft = JsonNode.Parse(candidate)!;
            draft["version"] = Draft;
            var demo = draft["engagement"]!["rules"]!.AsArray().Single(rule => (string)rule!["id"]! == "demo-requested")!;
            var demoPoints = (decimal)demo["points"]!;
            demo["points"] = demoPoints + 15;
            var minFit = (decimal)draft["qualification"]!["mql"]!["minFit"]!; // fitted by the suggestion
            draft["qualification"]!["mql"]!["minFit"] = minFit + 5;
            await SendAsync(client, HttpMethod.Post, "api/models/versions?note=Demo%20requests%20count%20more", draft.ToJsonString(), HttpStatusCode.Created);

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

            var url = new Uri(client.BaseAddress!, "api/models/versions?format=html&code=" + LocalHostFixture.FunctionKey);
            var opened = await page.GotoAsync(url.ToString());
            var screenshot = await KeepScreenshotAsync(page, "models-page.png");

            Assert.Equal(200, opened!.Status);
            Assert.Equal(Live + " live forced", await page.Locator("h2.live-version").InnerTextAsync()); // forced: see the publish
            Assert.Equal(5, await page.Locator(".live-model .tile").CountAsync());
            Assert.Matches("^0\\.[0-9]{3}$", await page.Locator(".live-model .tile b").First.InnerTextAsync());
            Assert.Equal([Draft, Live, s_seed], await page.Locator("article.version .version-name").AllInnerTextsAsync());
            Assert.Equal(HostileNote, await page.Locator($"[id='version-{Live}'] dd.note-text").InnerTextAsync());
            Assert.Equal(HostileReason, await page.Locator(".live-model q.reason-text").InnerTextAsync());
            Assert.Equal(0, await page.Locator("main script, main img").CountAsync());

            // The draft: its diff unfolded (demo requests up, MQL fit up), and the backtest and publish curls.
            var draftCard = page.Locator($"[id='version-{Draft}']");
            Assert.True(await draftCard.Locator("details.diff table.rules").IsVisibleAsync());
            Assert.Equal([$"{Points(demoPoints)} → {Points(demoPoints + 15)}"], await draftCard.Locator("td.points").AllInnerTextsAsync());
            Assert.Equal([string.Create(System.Globalization.CultureInfo.InvariantCulture, $"MQL: minimum fit: {minFit:0.##} → {minFit + 5:0.##}")], await draftCard.Locator("ul.thresholds li").AllInnerTextsAsync());
            Assert.Equal(["Rule", "Points: live → this"], await draftCard.Locator("table.rules th").AllInnerTextsAsync()); // only points changed
            var curls = await draftCard.Locator("pre.curl").InnerTextAsync();
            Assert.Contains($"/api/models/versions/{Draft}/publish", curls, StringComparison.Ordinal);
            Assert.Contains("/api/models/backtests", curls, StringComparison.Ordinal);
            Assert.Contains("x-functions-key: $KEY", curls, StringComparison.Ordinal);

            // The retired seed: its diff folded, a rollback curl; the page text never shows the key.
            Assert.False(await page.Locator($"[id='version-{s_seed}'] details.diff table.rules").IsVisibleAsync());
            Assert.Contains("Roll back to it", await page.Locator($"[id='version-{s_seed}']").InnerTextAsync(), StringComparison.Ordinal);
            await page.Locator($"[id='version-{s_seed}'] details.diff summary").ClickAsync(); // unfolds without a script
            Assert.True(await page.Locator($"[id='version-{s_seed}'] details.diff table.rules").IsVisibleAsync());
            var retired = ChromiumFixture.ArtifactPath("models-page-retired-diff.png");
            await page.Locator($"[id='version-{s_seed}']").ScreenshotAsync(new LocatorScreenshotOptions { Path = retired });
            output.WriteLine($"Screenshot: {retired}");
            Assert.DoesNotContain(LocalHostFixture.FunctionKey, await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
            Assert.True(await page.Locator("#reviews .no-reviews").IsVisibleAsync());

            var origin = new Uri(client.BaseAddress!, "/").ToString();
            Assert.All(requests, request => Assert.StartsWith(origin, request, StringComparison.Ordinal));
            Assert.DoesNotContain(console, message => message.Contains("Content Security Policy", StringComparison.Ordinal));
            Assert.True(new FileInfo(screenshot).Length > 10_000, $"The screenshot at {screenshot} is suspiciously small.");

            await using var phone = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 390, Height = 844 },
                DeviceScaleFactor = 2,
                JavaScriptEnabled = false,
            });
            var phonePage = await phone.NewPageAsync();
            Assert.Equal(200, (await phonePage.GotoAsync(url.ToString()))!.Status);
            await KeepScreenshotAsync(phonePage, "models-page-phone.png");
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unknown_format_is_a_400_problem_and_a_bad_token_on_the_page_a_small_400_page()
    {
        using var format = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, "api/models/versions?format=xml"));
        using var token = await host.Client.SendAsync(
            host.Keyed(HttpMethod.Get, "api/models/versions?format=html&continuationToken=%3Cscript%3E"));

        Assert.Equal(HttpStatusCode.BadRequest, format.StatusCode);
        Assert.Equal("application/problem+json", format.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'format'", await format.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, token.StatusCode);
        Assert.Equal("text/html", token.Content.Headers.ContentType?.MediaType);
        var html = await token.Content.ReadAsStringAsync();
        Assert.Contains("<h1>This page cannot be shown</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    private static string Points(decimal points) => points.ToString("+0.##;-0.##;0", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> KeepScreenshotAsync(IPage page, string name)
    {
        var path = ChromiumFixture.ArtifactPath(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
        return path;
    }

    /// <summary>Leads with outcomes for the backtest to run on.</summary>
    private async Task SeedLeadsAsync(WebApplication app)
    {
        var store = app.Services.GetRequiredService<ILeadRepository>();
        var salesActions = app.Services.GetRequiredService<ISalesActionStore>();
        var leads = OutcomeLeads.Generate(Leads, host.Clock.GetUtcNow(), seed: 11, minEvents: 3, maxEvents: 10);
        await Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (seed, ct) =>
        {
            var events = seed.Events.Select(e => new StoredEvent("seed", e)).ToArray();
            var (lead, _) = await store.GetOrCreateLeadAsync(seed.Profile, LeadAttribution.None, events, ct);
            var outcome = OutcomeLeads.Score(seed.Outcome, seed.OutcomeAt);
            Assert.Equal(SalesSaveResult.Saved, await salesActions.TrySaveSalesActionAsync(lead, outcome, null, seed.OutcomeAt, ct));
        });
    }

    /// <summary>The candidate of a suggestion job (202, then polled until it completes).</summary>
    private async Task<JsonNode> SuggestAsync(HttpClient client)
    {
        var started = await SendAsync(client, HttpMethod.Post, "api/models/suggestions", null, HttpStatusCode.Accepted);
        var job = await Eventually.GetAsync(
            async () => await SendAsync(client, HttpMethod.Get, "api/models/suggestions/" + (string)started["id"]!, null, HttpStatusCode.OK),
            job => (string)job["status"]! != "running",
            "the suggestion to end",
            s_deadline);
        Assert.Equal("completed", (string)job["status"]!);
        return job["result"]!["candidate"]!;
    }

    private async Task<string> BacktestAsync(HttpClient client, string candidate)
    {
        var started = await SendAsync(client, HttpMethod.Post, "api/models/backtests", candidate, HttpStatusCode.Accepted);
        var id = (string)started["id"]!;
        var job = await Eventually.GetAsync(
            async () => await SendAsync(client, HttpMethod.Get, "api/models/backtests/" + id, null, HttpStatusCode.OK),
            job => (string)job["status"]! != "running",
            "the backtest to end",
            s_deadline);
        Assert.Equal("completed", (string)job["status"]!);
        return id;
    }

    private async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, string? body, HttpStatusCode expected)
    {
        using var request = host.Keyed(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }
}
