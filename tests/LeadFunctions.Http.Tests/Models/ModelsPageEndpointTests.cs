using System.Text;
using Azure;
using LeadFunctions.Backtesting;
using LeadFunctions.Html;
using LeadFunctions.Http.Models;
using LeadFunctions.Http.Pages;
using LeadFunctions.Http.Protocol;
using LeadFunctions.ModelReviews;
using LeadFunctions.ModelVersions;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.ModelReviews;
using LeadFunctions.Testing.ModelVersions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace LeadFunctions.Http.Tests.Models;

/// <summary>
/// The models page rendered over the in-memory registry and backtest store: what a team reads of each version, hostile
/// notes and reasons as text, curl lines without the key, paging, the reviews section and a storage outage.
/// </summary>
public sealed class ModelsPageEndpointTests
{
    private const string Key = "secret-function-key-42";
    private const string BacktestId = "0123456789abcdef0123456789abcdef";
    private const string HostileNote = "<script>alert('note')</script>";
    private const string HostileReason = "\"><img src=x onerror=alert(1)> & more";
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string s_seed = ScoringModel.Default.Version;

    private readonly InMemoryModelRegistry _registry = new();
    private readonly InMemoryBacktestStore _backtests = new();
    private readonly InMemoryModelReviewStore _reviews = new();

    [Fact]
    public async Task The_page_shows_the_live_version_with_its_backtest_and_each_version_with_its_diff_and_publish_curl()
    {
        await SeedRegistryAsync();

        var (response, html) = await RenderAsync(await Endpoint().GetAsync(Request(), null, CancellationToken.None));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Contains("default-src 'none'", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Contains("<h2 class=\"live-version\"><span class=\"version-name\">candidate-2</span>", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"tile\"><b>0.800</b><span>AUC</span><small>live before: 0.700</small></div>", html, StringComparison.Ordinal);
        Assert.Contains("<b>62.5 %</b><span>SQL recall</span>", html, StringComparison.Ordinal);
        Assert.Contains("<b>n/a</b><span>Top-decile lift</span>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num pos\">+0.100</td>", html, StringComparison.Ordinal);
        Assert.Contains("40 leads with a known outcome", html, StringComparison.Ordinal);

        // The draft: its diff against live (pricing back from 40 to 10) unfolded, and the two calls that publish it.
        var draft = Article(html, "candidate-3");
        Assert.Contains("<details class=\"diff\" open", draft, StringComparison.Ordinal);
        Assert.Contains("<b>1 rule changed</b>", draft, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num points\">+40 → +10</td>", draft, StringComparison.Ordinal);
        Assert.Contains("<th>Other changes</th>", draft, StringComparison.Ordinal);
        Assert.Contains("<li>cap: 80 → 30</li>", draft, StringComparison.Ordinal);
        Assert.Contains("curl -X POST &#39;https://leads.example.org/api/models/versions/candidate-3/publish&#39;", draft, StringComparison.Ordinal);
        Assert.Contains("curl -X POST &#39;https://leads.example.org/api/models/backtests&#39;", draft, StringComparison.Ordinal);
        Assert.Contains("x-functions-key: $KEY", draft, StringComparison.Ordinal);
        Assert.Contains("jq .document &gt; candidate-3.json", draft, StringComparison.Ordinal);
        Assert.Contains("No backtest linked yet", draft, StringComparison.Ordinal);

        // The retired seed: folded diff, a rollback with a reason and no backtest.
        var seed = Article(html, s_seed);
        Assert.Contains("<details class=\"diff\">", seed, StringComparison.Ordinal);
        Assert.Contains("Roll back to it", seed, StringComparison.Ordinal);
        Assert.Contains("{&quot;reason&quot;:&quot;why it should go back live&quot;}", seed, StringComparison.Ordinal);
        Assert.DoesNotContain("backtestId", seed, StringComparison.Ordinal);
        Assert.Contains("No backtest: the first version, stored from the deployed model.", seed, StringComparison.Ordinal);

        Assert.DoesNotContain("publish&#39;", Article(html, "candidate-2"), StringComparison.Ordinal);
        Assert.Contains("<p class=\"muted no-reviews\">No reviews yet.</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, html, StringComparison.Ordinal); // one page: no link carries the code
        Assert.DoesNotContain("class=\"pager\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_note_and_reason_show_as_text()
    {
        await SeedRegistryAsync();

        var (_, html) = await RenderAsync(await Endpoint().GetAsync(Request(), null, CancellationToken.None));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<dd class=\"text note-text\">&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<q class=\"reason-text\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; more</q>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Past_one_page_the_links_keep_format_and_code_and_the_curl_lines_still_never_show_the_key()
    {
        await SeedRegistryAsync();
        for (var i = 0; i < ModelRegistryService.PageSize; i++)
        {
            var version = $"draft-{i:00}";
            await _registry.TryCreateAsync(Draft(version, Start.AddDays(4).AddMinutes(i)), Json(version));
        }

        var (_, first) = await RenderAsync(await Endpoint().GetAsync(Request(), null, CancellationToken.None));
        var (_, second) = await RenderAsync(await Endpoint().GetAsync(Request(), "50", CancellationToken.None));

        Assert.Contains($"<a class=\"next\" href=\"?format=html&amp;code={Key}&amp;continuationToken=50\">Older versions →</a>", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Newest versions", first, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"?format=html&amp;code={Key}\">← Newest versions</a>", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Older versions", second, StringComparison.Ordinal);
        Assert.Contains("<h2 class=\"live-version\"><span class=\"version-name\">candidate-2</span>", second, StringComparison.Ordinal);
        Assert.Equal(3, second.Split("<article ").Length - 1); // the 50 drafts filled the first page
        foreach (var html in new[] { first, second })
        {
            Assert.DoesNotContain($"x-functions-key: {Key}", html, StringComparison.Ordinal);
            Assert.Equal(html.Split(Key).Length - 1, html.Split("code=" + Key).Length - 1); // the key only in the links
        }
    }

    [Fact]
    public async Task The_reviews_section_lists_the_reviews_it_is_given()
    {
        await SeedRegistryAsync();
        var overview = await new ModelVersionsOverviewService(_registry, _backtests).GetAsync(null);
        var review = new ModelReviewRow(Start.AddDays(7), "candidate-2", 1_250, 0.71, 0.8, 0.83, "Drift: <AUC> fell by 0.09", Emailed: true);

        var (_, html) = await RenderAsync(Pages().Page<ModelVersionsPage>(
            StatusCodes.Status200OK,
            new Dictionary<string, object?>
            {
                [nameof(ModelVersionsPage.Overview)] = overview,
                [nameof(ModelVersionsPage.Links)] = new ModelsPageLinks("https://leads.example.org/api/", null, null),
                [nameof(ModelVersionsPage.Reviews)] = new[] { review },
            }));

        Assert.DoesNotContain("No reviews yet", html, StringComparison.Ordinal);
        Assert.Contains(
            "<tr><td>2026-11-09 09:00 UTC</td><td>candidate-2</td><td class=\"num\">1,250</td><td class=\"num\">0.710</td>",
            html,
            StringComparison.Ordinal);
        Assert.Contains("<td>Drift: &lt;AUC&gt; fell by 0.09</td><td>sent</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_lists_the_recorded_reviews_newest_first_with_what_each_found_and_whether_it_emailed()
    {
        await SeedRegistryAsync();
        await _reviews.TryCreateAsync(Review("2026-W45", Start, ModelReviewVerdict.Steady));
        var drift = (await _reviews.TryCreateAsync(Review("2026-W46", Start.AddDays(7), ModelReviewVerdict.DriftAndBetterCandidate) with
        {
            Email = new ModelReviewEmail { Recipient = "marketing-ops@example.com", NextAttemptAt = Start.AddDays(7) },
        }))!;
        await _reviews.TryUpdateEmailAsync(drift with { Email = drift.Email! with { Status = ModelReviewEmailStatus.Sent } });

        var (_, html) = await RenderAsync(await Endpoint().GetAsync(Request(), null, CancellationToken.None));

        Assert.DoesNotContain("No reviews yet", html, StringComparison.Ordinal);
        var newer = html.IndexOf("<tr><td>2026-11-09 09:00 UTC</td><td>candidate-2</td><td class=\"num\">420</td>", StringComparison.Ordinal);
        var older = html.IndexOf("<tr><td>2026-11-02 09:00 UTC</td>", StringComparison.Ordinal);
        Assert.True(newer > 0 && older > newer, "the newest review comes first");
        Assert.Contains(
            "<td>Drift: AUC -0.088 since published; a better candidate (+0.040 on held-out leads)</td><td>sent</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>Steady</td><td>none</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_down_answers_the_small_503_page_with_Retry_After()
    {
        var registry = new Mock<IModelRegistry>();
        registry.Setup(r => r.GetLiveAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new RequestFailedException(503, "down"));
        var endpoint = new ModelsPageEndpoint(
            new ModelVersionsOverviewService(registry.Object, _backtests),
            _reviews,
            new StorageFaultGuard(NullLogger<StorageFaultGuard>.Instance),
            Pages());

        var (response, html) = await RenderAsync(await endpoint.GetAsync(Request(), null, CancellationToken.None));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, response.StatusCode);
        Assert.Equal("10", response.Headers.RetryAfter.ToString());
        Assert.Contains("<h1>Try again in a moment</h1>", html, StringComparison.Ordinal);
        Assert.Contains("LeadFunctions · scoring models", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_continuation_token_the_page_did_not_give_answers_a_small_400_page()
    {
        var (response, html) = await RenderAsync(Endpoint().BadToken());

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        Assert.Contains("<h1>This page cannot be shown</h1>", html, StringComparison.Ordinal);
        Assert.Contains("&#39;continuationToken&#39;", html, StringComparison.Ordinal);
    }

    private static ModelReview Review(string id, DateTimeOffset at, ModelReviewVerdict verdict) => new()
    {
        ReviewId = id,
        ReviewedAt = at,
        LiveVersion = CandidateModels.Version,
        WindowDays = 90,
        Outcomes = 420,
        Won = 80,
        LiveAuc = 0.7123,
        PublishedAuc = 0.8,
        CandidateAuc = 0.75,
        CandidateLiveAuc = 0.71,
        CandidateHeldOut = 84,
        Verdict = verdict,
    };

    /// <summary>
    /// The seed (retired), candidate-2 (live, published on a completed backtest, with a hostile reason) and candidate-3
    /// (a draft with a hostile note, the shipped points again).
    /// </summary>
    private async Task SeedRegistryAsync()
    {
        Assert.True(await _registry.TrySeedAsync(
            Draft(s_seed, Start) with
            {
                Status = ModelVersionStatus.Live,
                CreatedBy = ModelVersionAuthors.Seed,
                PublishedAt = Start,
                PublishedBy = ModelVersionAuthors.Seed,
            },
            CandidateModels.DefaultJson()));
        await _backtests.CreateJobAsync(CompletedJob(), CandidateModels.Candidate());
        Assert.True(await _registry.TryCreateAsync(Draft(CandidateModels.Version, Start.AddDays(1)), CandidateModels.Candidate()));
        var pointer = (await _registry.GetLiveAsync())!;
        var seed = (await _registry.GetAsync(s_seed))!;
        var published = Draft(CandidateModels.Version, Start.AddDays(1)) with
        {
            Status = ModelVersionStatus.Live,
            PublishedAt = Start.AddDays(2),
            PublishedBy = ModelVersionAuthors.Api,
            Reason = HostileReason,
            BacktestId = BacktestId,
        };
        Assert.True(await _registry.TryPublishAsync(new ModelPublication(pointer, published, seed with { Status = ModelVersionStatus.Retired })));
        Assert.True(await _registry.TryCreateAsync(
            Draft("candidate-3", Start.AddDays(3)) with { Note = HostileNote }, Json("candidate-3")));
    }

    private ModelsPageEndpoint Endpoint() => new(
        new ModelVersionsOverviewService(_registry, _backtests),
        _reviews,
        new StorageFaultGuard(NullLogger<StorageFaultGuard>.Instance),
        Pages());

    private static HtmlPages Pages() => new(new HtmlTemplates(NullLoggerFactory.Instance));

    private static HttpRequest Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("leads.example.org");
        context.Request.Path = "/api/models/versions";
        context.Request.QueryString = new QueryString("?format=html&code=" + Key);
        return context.Request;
    }

    /// <summary>The version's article, up to the next one.</summary>
    private static string Article(string html, string version)
    {
        var start = html.IndexOf($"<article class=\"card version\" id=\"version-{version}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No article for {version}.");
        return html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
    }

    private static string Json(string version) => CandidateModels.DefaultJson()
        .Replace($"\"version\": \"{s_seed}\"", $"\"version\": \"{version}\"", StringComparison.Ordinal);

    private static ModelVersion Draft(string version, DateTimeOffset at) => new()
    {
        Version = version,
        Status = ModelVersionStatus.Draft,
        CreatedAt = at,
        CreatedBy = ModelVersionAuthors.Api,
    };

    private static BacktestJob CompletedJob() => new()
    {
        Id = BacktestId,
        Status = BacktestStatus.Completed,
        CreatedAt = Start.AddDays(1),
        CompletedAt = Start.AddDays(1).AddHours(1),
        LiveModelVersion = s_seed,
        CandidateModelVersion = CandidateModels.Version,
        Results = new BacktestResults
        {
            Leads = 40,
            Won = 8,
            NotWon = 32,
            Skipped = 0,
            Weeks = 12,
            Warnings = ["Only 8 won leads: fewer than 120 (Einstein's minimum) make these figures unreliable."],
            Live = new ModelResults(s_seed, Metrics(0.7, 0.5, lift: 2), Metrics(0.7, 0.5, lift: 2)),
            Candidate = new ModelResults(CandidateModels.Version, Metrics(0.8, 0.625, lift: null), Metrics(0.8, 0.625, lift: null)),
        },
    };

    private static ModelMetrics Metrics(double auc, double recall, double? lift) => new()
    {
        Auc = auc,
        Sqls = 10,
        SqlRecall = recall,
        SqlPrecision = 0.5,
        SqlsPerWeek = 0.83,
        TopDecileLift = lift,
        ByGrade = [],
        ByScoreBand = [],
        Calibration = [],
    };

    private static async Task<(HttpResponse Response, string Html)> RenderAsync(IActionResult result)
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return (context.Response, Encoding.UTF8.GetString(body.ToArray()));
    }
}
