using System.Globalization;
using LeadFunctions.Backtesting;
using LeadFunctions.Core.Tests.Modeling;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.ModelReviews;
using LeadFunctions.ModelVersions;
using LeadFunctions.Notifications;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Testing.ModelReviews;
using LeadFunctions.Testing.ModelVersions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Core.Tests.ModelReviews;

/// <summary>
/// The weekly review over the in-memory stores: leads with outcomes scored by the default model, the registry with the
/// live version and the backtest it was published on, and a notifier that counts what it sends.
/// </summary>
public sealed class ModelReviewServiceTests
{
    private const string Recipient = "marketing-ops@example.com";
    private const string BacktestId = "0123456789abcdef0123456789abcdef";

    /// <summary>A Wednesday: the review's week is 2026-W24.</summary>
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 6, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryLeadTables _leads = new();
    private readonly InMemoryModelRegistry _registry = new();
    private readonly InMemoryBacktestStore _backtests = new();
    private readonly InMemoryModelReviewStore _reviews = new();
    private readonly Mock<IModelReviewNotifier> _notifier = new();
    private readonly ModelVersionOptions _settings = new() { ReviewSchedule = "0 0 6 * * 1", ReviewRecipient = Recipient };

    [Fact]
    public async Task A_live_auc_well_below_its_published_backtest_is_drift_and_emailed_once()
    {
        SeedNoisy(120);
        await PublishLiveOnAsync(publishedAuc: 0.95);

        var run = await Service().RunAsync();

        var review = Assert.Single(_reviews.Reviews);
        Assert.Same(review.ReviewId, run.Recorded!.ReviewId);
        Assert.Equal(("2026-W24", ScoringModel.Default.Version, 120, 90), (review.ReviewId, review.LiveVersion, review.Outcomes, review.WindowDays));
        Assert.Equal((BacktestId, 0.95), (review.PublishedBacktestId, review.PublishedAuc));
        Assert.InRange(review.LiveAuc!.Value, 0.55, 0.8);
        Assert.True(review.AucDrop >= ModelReviewDecision.DriftMargin);
        Assert.Equal(ModelReviewVerdict.Drift, review.Verdict);
        Assert.Equal((ModelReviewEmailStatus.Sent, Recipient, 1, Now), (review.Email!.Status, review.Email.Recipient, review.Email.Attempts, review.Email.SentAt));
        Assert.Equal(1, run.EmailsSent);
        _notifier.Verify(n => n.NotifyAsync(It.Is<ModelReview>(r => r.ReviewId == "2026-W24"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_candidate_that_ranks_the_held_out_leads_far_better_than_live_is_emailed()
    {
        SeedMisread(120);
        await PublishLiveOnAsync(publishedAuc: null);

        await Service().RunAsync();

        var review = Assert.Single(_reviews.Reviews);
        Assert.Equal(ModelReviewVerdict.BetterCandidate, review.Verdict);
        Assert.True(review.LiveAuc < 0.5, "live gives points to what the lost leads did");
        Assert.True(review.CandidateGain >= ModelReviewDecision.CandidateMargin);
        Assert.InRange(review.CandidateHeldOut!.Value, 1, 119);
        Assert.Null(review.PublishedAuc);
        Assert.Contains(review.Notes, note => note.Contains("without a backtest", StringComparison.Ordinal));
        Assert.Equal(ModelReviewEmailStatus.Sent, review.Email!.Status);
        _notifier.Verify(n => n.NotifyAsync(It.IsAny<ModelReview>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Neither_drift_nor_a_better_candidate_records_the_review_and_sends_nothing()
    {
        SeedNoisy(120);
        await PublishLiveOnAsync(publishedAuc: 0.55);

        var run = await Service().RunAsync();

        var review = Assert.Single(_reviews.Reviews);
        Assert.Equal(ModelReviewVerdict.Steady, review.Verdict);
        Assert.True(review.AucDrop < 0, "live does better than when it was published");
        Assert.True(review.CandidateGain < ModelReviewDecision.CandidateMargin);
        Assert.Null(review.Email);
        Assert.Equal(0, run.EmailsSent);
        _notifier.Verify(n => n.NotifyAsync(It.IsAny<ModelReview>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Too_few_outcomes_in_the_window_are_recorded_without_an_email()
    {
        SeedNoisy(12);
        SeedNoisy(60, outcomesBefore: Now.AddDays(-100), firstId: 1000); // outside the 90 days: not counted
        await PublishLiveOnAsync(publishedAuc: 0.99);

        await Service().RunAsync();

        var review = Assert.Single(_reviews.Reviews);
        Assert.Equal((ModelReviewVerdict.TooFewOutcomes, 12), (review.Verdict, review.Outcomes));
        Assert.Null(review.CandidateAuc);
        Assert.Null(review.Email);
        Assert.Contains(review.Notes, note => note.StartsWith("12 outcomes", StringComparison.Ordinal));
        _notifier.Verify(n => n.NotifyAsync(It.IsAny<ModelReview>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_window_counts_back_from_the_review_by_the_setting()
    {
        SeedNoisy(40); // outcomes over the 18 days before now
        SeedNoisy(40, outcomesBefore: Now.AddDays(-31), firstId: 1000);
        _settings.ReviewWindowDays = 30;
        await PublishLiveOnAsync(publishedAuc: null);

        var review = await Service().ReviewAsync("2026-W24", Now);

        Assert.Equal((40, 30), (review.Outcomes, review.WindowDays));
    }

    [Fact]
    public async Task A_second_run_in_the_same_week_records_and_sends_nothing_and_the_next_week_reviews_again()
    {
        SeedNoisy(120);
        await PublishLiveOnAsync(publishedAuc: 0.95);

        var first = await Service().RunAsync();
        _clock.Advance(TimeSpan.FromDays(4)); // Sunday: still 2026-W24
        var second = await Service().RunAsync();
        _clock.Advance(TimeSpan.FromDays(1)); // Monday: 2026-W25
        var next = await Service().RunAsync();

        Assert.Equal(("2026-W24", "2026-W24", "2026-W25"), (first.ReviewId, second.ReviewId, next.ReviewId));
        Assert.Null(second.Recorded);
        Assert.Equal((1, 0, 1), (first.EmailsSent, second.EmailsSent, next.EmailsSent));
        Assert.Equal(["2026-W24", "2026-W25"], _reviews.Reviews.Select(review => review.ReviewId));
        _notifier.Verify(n => n.NotifyAsync(It.IsAny<ModelReview>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Two_runs_at_once_record_one_review_and_send_one_email()
    {
        SeedNoisy(120);
        await PublishLiveOnAsync(publishedAuc: 0.95);

        var runs = await Task.WhenAll(Service().RunAsync(), Service().RunAsync(), Service().RunAsync());

        Assert.Single(_reviews.Reviews);
        Assert.Single(runs, run => run.Recorded is not null);
        Assert.Equal(1, runs.Sum(run => run.EmailsSent));
        _notifier.Verify(n => n.NotifyAsync(It.IsAny<ModelReview>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_failed_email_stays_due_with_a_backoff_and_a_later_dispatch_sends_it()
    {
        SeedNoisy(120);
        await PublishLiveOnAsync(publishedAuc: 0.95);
        _notifier.SetupSequence(n => n.NotifyAsync(It.IsAny<ModelReview>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("relay down"))
            .Returns(Task.CompletedTask);

        var run = await Service().RunAsync();
        var pending = Assert.Single(_reviews.Reviews).Email!;
        var tooSoon = await Dispatcher().DispatchDueAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var retried = await Dispatcher().DispatchDueAsync();

        Assert.Equal((0, ModelReviewEmailStatus.Pending, Now.AddMinutes(1)), (run.EmailsSent, pending.Status, pending.NextAttemptAt));
        Assert.Equal((0, 1), (tooSoon, retried));
        Assert.Equal((ModelReviewEmailStatus.Sent, 2), (_reviews.Reviews[0].Email!.Status, _reviews.Reviews[0].Email!.Attempts));
    }

    [Fact]
    public async Task A_verdict_worth_an_email_without_a_recipient_is_recorded_and_says_so()
    {
        SeedNoisy(120);
        await PublishLiveOnAsync(publishedAuc: 0.95);
        _settings.ReviewSchedule = string.Empty;
        _settings.ReviewRecipient = string.Empty;

        await Service().RunAsync();

        var review = Assert.Single(_reviews.Reviews);
        Assert.Equal((ModelReviewVerdict.Drift, null), (review.Verdict, review.Email));
        Assert.Contains("No email: Models__ReviewRecipient is not set.", review.Notes);
    }

    [Fact]
    public async Task The_live_auc_is_the_backtests_auc_at_outcome_time_of_the_same_leads()
    {
        SeedNoisy(120);
        await PublishLiveOnAsync(publishedAuc: null);

        var review = await Service().ReviewAsync("2026-W24", Now);

        // The backtest's arithmetic (a score histogram of each lead's total at its outcome time) on the same leads.
        var histogram = new ScoreHistogram();
        var scorer = new LeadScorer(ScoringModel.Default, _clock);
        await foreach (var page in new KnownOutcomes(_leads.Leads, _leads.Scores).ReadAllAsync(100))
        {
            foreach (var outcome in page.Outcomes)
            {
                var score = scorer.Score(outcome.Profile, outcome.EventsUntil(outcome.OutcomeAt), LeadStanding.New, outcome.OutcomeAt);
                histogram.Add(score.TotalScore, outcome.IsWon);
            }
        }

        Assert.Equal(Math.Round(histogram.Auc()!.Value, 4), review.LiveAuc);
    }

    private ModelReviewService Service() => new(
        _reviews,
        _registry,
        _backtests,
        new KnownOutcomes(_leads.Leads, _leads.Scores),
        _leads.Scores,
        new LeadScorer(new LiveModel(ScoringModel.Default), _clock),
        Dispatcher(),
        Options.Create(_settings),
        _clock,
        NullLogger<ModelReviewService>.Instance);

    private ModelReviewEmailDispatcher Dispatcher() => new(
        _reviews,
        _notifier.Object,
        Options.Create(new HandoffOptions()),
        _clock,
        NullLogger<ModelReviewEmailDispatcher>.Instance);

    /// <summary>The default model live, published on a completed backtest whose candidate (it) scored <paramref name="publishedAuc"/>; none when null.</summary>
    private async Task PublishLiveOnAsync(double? publishedAuc)
    {
        var version = ScoringModel.Default.Version;
        await _registry.TrySeedAsync(
            new ModelVersion
            {
                Version = version,
                Status = ModelVersionStatus.Live,
                CreatedAt = Now.AddDays(-200),
                CreatedBy = "api",
                PublishedAt = Now.AddDays(-150),
                PublishedBy = "api",
                Reason = "backtested",
                BacktestId = publishedAuc is null ? null : BacktestId,
            },
            "{}");
        if (publishedAuc is { } auc)
        {
            await _backtests.CreateJobAsync(Job(version, auc), "{}");
        }
    }

    private static BacktestJob Job(string version, double candidateAuc) => new()
    {
        Id = BacktestId,
        Status = BacktestStatus.Completed,
        CreatedAt = Now.AddDays(-151),
        LiveModelVersion = "older",
        CandidateModelVersion = version,
        Results = new BacktestResults
        {
            Leads = 500,
            Won = 100,
            NotWon = 400,
            Skipped = 0,
            Weeks = 26,
            Warnings = [],
            Live = new ModelResults("older", Metrics(0.6), Metrics(0.6)),
            Candidate = new ModelResults(version, Metrics(candidateAuc), Metrics(candidateAuc)),
        },
    };

    private static ModelMetrics Metrics(double auc) => new() { Auc = auc, ByGrade = [], ByScoreBand = [], Calibration = [] };

    /// <summary>
    /// Leads the default model reads about right but with noise: a demo request (which it rewards) comes before 60% of
    /// the wins and 30% of the losses, and nothing else tells them apart, so a refit cannot do better. Outcomes 11 hours
    /// apart (wrapping after 60 days) before <paramref name="outcomesBefore"/> (now by default).
    /// </summary>
    private void SeedNoisy(int count, DateTimeOffset? outcomesBefore = null, int firstId = 0)
    {
        var end = outcomesBefore ?? Now;
        var random = new Random(17 + firstId);
        for (var n = 0; n < count; n++)
        {
            var won = n % 3 == 0;
            var at = end.AddHours(-1 - (n * 11 % (60 * 24)));
            var demo = random.NextDouble() < (won ? 0.6 : 0.3);
            Seed(firstId + n, won, at, "Engineer", demo ? [("Demo Requested", at.AddDays(-2), null)] : []);
        }
    }

    /// <summary>
    /// Leads the default model reads backwards: every won lead looked at the careers page (a penalty), every lost one at
    /// the pricing page (rewarded) — a refit learns it, live ranks the losses first.
    /// </summary>
    private void SeedMisread(int count)
    {
        for (var n = 0; n < count; n++)
        {
            var won = n % 2 == 0;
            var at = Now.AddHours(-1 - (n * 7));
            Seed(n, won, at, "Engineer", [("Page Viewed", at.AddDays(-3), won ? "/careers" : "/pricing")]);
        }
    }

    private void Seed(int n, bool won, DateTimeOffset at, string title, IEnumerable<(string Type, DateTimeOffset At, string? Path)> events)
    {
        var stage = won ? LeadStage.Won : n % 5 == 1 ? LeadStage.Disqualified : LeadStage.Lost;
        var lead = LeadsWithHistory.Create(
            n.ToString("x32", CultureInfo.InvariantCulture),
            new LeadProfile { Email = $"lead{n}@example.org", JobTitle = title },
            at.AddDays(-30),
            new StageChange(LeadStage.SQL, stage, at, "outcome"));
        _leads.Seed(lead, events.Select((e, i) => new StoredEvent("test", new EngagementEvent
        {
            EventId = "e" + i.ToString(CultureInfo.InvariantCulture),
            Type = e.Type,
            OccurredAt = e.At,
            Properties = e.Path is null
                ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["path"] = e.Path },
        })));
    }
}
