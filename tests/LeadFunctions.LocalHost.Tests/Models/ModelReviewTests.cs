using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.ModelReviews;
using LeadFunctions.Sales;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Maildev;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.LocalHost.Tests.Models;

/// <summary>
/// The weekly model review through the local host on Azurite and maildev: a version published on its backtest, then a
/// month of outcomes it ranks backwards (the live model stopped predicting), the review timer run twice through the
/// admin API: one review recorded, one email.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class ModelReviewTests(LocalHostFixture host)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_live_model_that_drifted_since_its_backtest_is_emailed_once_however_often_the_review_runs()
    {
        var recipient = $"review-{Guid.NewGuid():N}@example.com"; // this test's inbox in the shared maildev
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        settings["BacktestQueueName"] = "model-backtests-" + Guid.NewGuid().ToString("N")[..8];
        settings["Models:ReviewRecipient"] = recipient;
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            var now = host.Clock.GetUtcNow();
            var leads = app.Services.GetRequiredService<ILeadRepository>();
            var sales = app.Services.GetRequiredService<ISalesActionStore>();
            await SeedAsync(leads, sales, OutcomeLeads.Generate(120, now.AddDays(-40), seed: 11, minEvents: 3, maxEvents: 10));

            // candidate-2 (the shipped rules) goes live on its backtest over those outcomes.
            var candidate = CandidateModels.Candidate(changePoints: false);
            using (var created = await SendAsync(client, HttpMethod.Post, "api/models/versions", candidate))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            var backtestId = await BacktestAsync(client, candidate);
            using (var published = await SendAsync(
                client, HttpMethod.Post, "api/models/versions/candidate-2/publish", $$"""{"reason":"backtested","backtestId":"{{backtestId}}"}"""))
            {
                Assert.Equal(HttpStatusCode.OK, published.StatusCode);
            }

            // Then the market changes: the last month's wins look like what the model penalises, its losses like its SQLs.
            await SeedAsync(leads, sales, Backwards(80, now));

            await RunReviewAsync(client);
            var reviewId = ModelReviewId.For(host.Clock.GetUtcNow());
            var email = Assert.Single(await Eventually.GetAsync(
                () => EmailsToAsync(recipient),
                emails => emails.Count >= 1,
                "the review's email",
                s_deadline));
            await RunReviewAsync(client);

            Assert.Single(await EmailsToAsync(recipient)); // the admin API answers once the run is done
            Assert.Equal(reviewId, email.Headers["x-leadfunctions-review"]);
            Assert.Equal($"<review.{reviewId}@leadfunctions>", email.MessageId);
            Assert.StartsWith($"Model review {reviewId}: ", email.Subject, StringComparison.Ordinal);
            Assert.Contains("candidate-2", email.Subject, StringComparison.Ordinal);
            Assert.Contains("has drifted", email.Subject, StringComparison.Ordinal);
            Assert.Contains($"(backtest {backtestId})", email.Text, StringComparison.Ordinal);
            Assert.Contains("recorded in the last 90 days", email.Text, StringComparison.Ordinal);
            Assert.Contains($"{client.BaseAddress}api/models/versions?format=html", email.Text, StringComparison.Ordinal);
            Assert.Contains($"href=\"{client.BaseAddress}api/models/versions?format=html\"", email.Html, StringComparison.Ordinal);

            var reviews = app.Services.GetRequiredService<IModelReviewStore>();
            var review = Assert.Single(await reviews.ListRecentAsync(10));
            Assert.Equal((reviewId, "candidate-2", backtestId), (review.ReviewId, review.LiveVersion, review.PublishedBacktestId));
            Assert.True(review.AucDrop >= ModelReviewDecision.DriftMargin, $"live {review.LiveAuc} against published {review.PublishedAuc}");
            Assert.Equal((ModelReviewEmailStatus.Sent, recipient), (review.Email!.Status, review.Email.Recipient));

            // The models page lists it in its review history.
            using var page = await client.GetAsync($"api/models/versions?format=html&code={LocalHostFixture.FunctionKey}");
            var html = await page.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.DoesNotContain("No reviews yet", html, StringComparison.Ordinal);
            Assert.Contains("<td>Drift: AUC -", html, StringComparison.Ordinal);
            Assert.Contains("</td><td>sent</td></tr>", html, StringComparison.Ordinal);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// Leads decided in the 30 days before <paramref name="now"/> that the shipped model reads backwards: the won ones
    /// are students who looked at the careers page, the lost ones chief executives who asked for a demo.
    /// </summary>
    private static List<OutcomeLead> Backwards(int count, DateTimeOffset now)
    {
        var leads = new List<OutcomeLead>(count);
        for (var i = 0; i < count; i++)
        {
            var won = i % 2 == 0;
            var at = now.AddHours(-1 - (i * 9));
            var events = new List<EngagementEvent>
            {
                new()
                {
                    EventId = string.Create(CultureInfo.InvariantCulture, $"b{i}"),
                    Type = won ? "Page Viewed" : "Demo Requested",
                    OccurredAt = at.AddDays(-2),
                    Properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = won ? "/careers" : "/demo" },
                },
            };
            var profile = new LeadProfile
            {
                Email = string.Create(CultureInfo.InvariantCulture, $"backwards{i}.{Guid.NewGuid():N}@example.org"),
                JobTitle = won ? "Student" : "CEO",
            };
            leads.Add(new OutcomeLead(Guid.NewGuid().ToString("N"), profile, won ? LeadStage.Won : LeadStage.Lost, at, events));
        }

        return leads;
    }

    private async Task RunReviewAsync(HttpClient client)
    {
        using var request = host.Keyed(HttpMethod.Post, "admin/functions/ReviewModel");
        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<IReadOnlyList<ReceivedEmail>> EmailsToAsync(string recipient) =>
        [.. (await host.Maildev.GetEmailsAsync()).Where(email => email.To.Contains(recipient))];

    private async Task<string> BacktestAsync(HttpClient client, string candidate)
    {
        using var started = await SendAsync(client, HttpMethod.Post, "api/models/backtests", candidate);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!;
        var job = await Eventually.GetAsync(
            async () =>
            {
                using var response = await SendAsync(client, HttpMethod.Get, "api/models/backtests/" + id, null);
                return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            },
            job => (string)job["status"]! != "running",
            "the backtest to end",
            s_deadline);
        Assert.Equal("completed", (string)job["status"]!);
        return id;
    }

    private Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? body)
    {
        var request = host.Keyed(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }

    private static async Task SeedAsync(ILeadRepository store, ISalesActionStore salesActions, IReadOnlyList<OutcomeLead> leads) =>
        await Parallel.ForEachAsync(leads, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (seed, ct) =>
        {
            var events = seed.Events.Select(e => new StoredEvent("seed", e)).ToArray();
            var (lead, _) = await store.GetOrCreateLeadAsync(seed.Profile, LeadAttribution.None, events, ct);
            var outcome = OutcomeLeads.Score(seed.Outcome, seed.OutcomeAt);
            Assert.Equal(SalesSaveResult.Saved, await salesActions.TrySaveSalesActionAsync(lead, outcome, null, seed.OutcomeAt, ct));
        });
}
