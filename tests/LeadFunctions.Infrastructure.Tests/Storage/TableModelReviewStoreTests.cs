using LeadFunctions.Backtesting;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Modeling;
using LeadFunctions.ModelReviews;
using LeadFunctions.ModelVersions;
using LeadFunctions.Notifications;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Testing.ModelReviews;
using LeadFunctions.Testing.ModelVersions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The model review store on Azurite, and its in-memory twin held to the same contract.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableModelReviewStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Monday = new(2026, 6, 8, 6, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["table", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_review_is_recorded_once_per_id_and_comes_back_as_recorded(string kind)
    {
        var store = Create(kind);
        var review = Review("2026-W24", Monday) with { Notes = ["Backtest x has no AUC: drift is not judged.", "<b>encoded later</b>"] };

        var recorded = await store.TryCreateAsync(review);
        var again = await store.TryCreateAsync(Review("2026-W24", Monday.AddHours(1)) with { LiveVersion = "other" });

        Assert.NotNull(recorded!.ETag);
        Assert.Null(again);
        var read = await store.GetAsync("2026-W24");
        Assert.Equivalent(review with { ETag = read!.ETag }, read, strict: true);
        Assert.Equal(recorded.ETag, read.ETag);
        Assert.Null(await store.GetAsync("2026-W25"));
        Assert.Null(await store.GetAsync("'; drop"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Of_many_runs_recording_the_same_week_at_once_exactly_one_wins(string kind)
    {
        var store = Create(kind);

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.TryCreateAsync(Review("2026-W24", Monday.AddSeconds(i)))));

        Assert.Single(runs, run => run is not null);
        Assert.Single(await store.ListRecentAsync(10));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_history_is_newest_first_across_years_and_limited(string kind)
    {
        var store = Create(kind);
        string[] ids = ["2025-W52", "2026-W02", "2026-W01", "2026-W24", "2026-W10"];
        foreach (var id in ids)
        {
            await store.TryCreateAsync(Review(id, Monday));
        }

        Assert.Equal(["2026-W24", "2026-W10", "2026-W02"], (await store.ListRecentAsync(3)).Select(review => review.ReviewId));
        Assert.Equal(5, (await store.ListRecentAsync(100)).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_email_update_applies_only_to_the_review_it_was_read_as(string kind)
    {
        var store = Create(kind);
        var recorded = (await store.TryCreateAsync(Review("2026-W24", Monday) with { Email = Email(Monday) }))!;

        var claimed = await store.TryUpdateEmailAsync(
            recorded with { Email = recorded.Email! with { Status = ModelReviewEmailStatus.Sending, Attempts = 1, NextAttemptAt = Monday.AddMinutes(5) } });
        var stale = await store.TryUpdateEmailAsync(recorded with { Email = recorded.Email! with { Status = ModelReviewEmailStatus.Sent } });
        var sent = await store.TryUpdateEmailAsync(
            claimed! with { Email = claimed.Email! with { Status = ModelReviewEmailStatus.Sent, SentAt = Monday.AddMinutes(1), NextAttemptAt = null } });

        Assert.Null(stale);
        Assert.NotEqual(recorded.ETag, claimed.ETag);
        var read = (await store.GetAsync("2026-W24"))!;
        Assert.Equal(sent!.ETag, read.ETag);
        Assert.Equal(
            new ModelReviewEmail { Recipient = "marketing-ops@example.com", Status = ModelReviewEmailStatus.Sent, Attempts = 1, SentAt = Monday.AddMinutes(1) },
            read.Email);
        Assert.Null(await store.TryUpdateEmailAsync(Review("2026-W30", Monday) with { ETag = read.ETag }));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Due_emails_are_the_pending_ones_due_now_and_the_claims_whose_lease_ran_out_oldest_first(string kind)
    {
        var store = Create(kind);
        await store.TryCreateAsync(Review("2026-W20", Monday) with { Email = Email(Monday.AddMinutes(-10)) });
        await store.TryCreateAsync(Review("2026-W21", Monday) with { Email = Email(Monday.AddMinutes(10)) }); // backing off
        await store.TryCreateAsync(Review("2026-W22", Monday) with { Email = Email(Monday.AddMinutes(-1)) with { Status = ModelReviewEmailStatus.Sending } });
        await store.TryCreateAsync(Review("2026-W23", Monday) with { Email = Email(null) with { Status = ModelReviewEmailStatus.Sent } });
        await store.TryCreateAsync(Review("2026-W24", Monday)); // no email
        await store.TryCreateAsync(Review("2026-W25", Monday) with { Email = Email(Monday) });

        var due = await store.GetDueEmailsAsync(Monday, 10);

        Assert.Equal(["2026-W20", "2026-W22", "2026-W25"], due.Select(review => review.ReviewId));
        Assert.Equal(["2026-W20"], (await store.GetDueEmailsAsync(Monday, 1)).Select(review => review.ReviewId));
    }

    [Fact]
    public async Task Two_instances_reviewing_the_same_week_record_one_review_and_send_one_email()
    {
        var reviews = (TableModelReviewStore)Create("table");
        var leads = new InMemoryLeadTables();
        var clock = new FakeTimeProvider(Monday.AddDays(2));
        OutcomeLeads.SeedGenerated(leads, 200, clock.GetUtcNow().AddDays(-1), seed: 5);
        // The live version was published on a backtest where it scored 0.99: the generated outcomes' AUC is far below, so drift.
        var backtestId = new string('b', 32);
        var registry = new InMemoryModelRegistry();
        await registry.TrySeedAsync(
            new ModelVersion
            {
                Version = ScoringModel.Default.Version, Status = ModelVersionStatus.Live, CreatedAt = Monday.AddDays(-100), CreatedBy = "api",
                BacktestId = backtestId,
            },
            "{}");
        var backtests = new InMemoryBacktestStore();
        await backtests.CreateJobAsync(PublishedOn(backtestId, ScoringModel.Default.Version, auc: 0.99), "{}");
        var notifier = new CountingNotifier();
        ModelReviewService Instance() => new(
            reviews,
            registry,
            backtests,
            new KnownOutcomes(leads.Leads, leads.Scores),
            leads.Scores,
            new LeadScorer(ScoringModel.Default, clock),
            new ModelReviewEmailDispatcher(
                reviews, notifier, Options.Create(new HandoffOptions()), clock, NullLogger<ModelReviewEmailDispatcher>.Instance),
            Options.Create(new ModelVersionOptions
            {
                ReviewSchedule = "0 0 6 * * 1", ReviewRecipient = "marketing-ops@example.com", ReviewWindowDays = 730,
            }),
            clock,
            NullLogger<ModelReviewService>.Instance);

        var runs = await Task.WhenAll(Instance().RunAsync(), Instance().RunAsync(), Instance().RunAsync());

        var recorded = Assert.Single(runs, run => run.Recorded is not null).Recorded!;
        Assert.True(recorded.Verdict is ModelReviewVerdict.Drift or ModelReviewVerdict.DriftAndBetterCandidate, $"{recorded.Verdict}");
        Assert.Equal(["2026-W24"], notifier.Sent);
        Assert.Equal(1, runs.Sum(run => run.EmailsSent));
        var stored = Assert.Single(await reviews.ListRecentAsync(10));
        Assert.Equal(ModelReviewEmailStatus.Sent, stored.Email!.Status);
    }

    private IModelReviewStore Create(string kind) => kind == "memory"
        ? new InMemoryModelReviewStore()
        : new TableModelReviewStore(
            azurite.CreateTableServiceClient(),
            Options.Create(new StorageOptions { TablePrefix = "r" + Guid.NewGuid().ToString("N")[..12] }));

    private static ModelReview Review(string id, DateTimeOffset at) => new()
    {
        ReviewId = id,
        ReviewedAt = at,
        LiveVersion = "b2b-saas-2026.11.1",
        WindowDays = 90,
        Outcomes = 420,
        Won = 80,
        LiveAuc = 0.7123,
        PublishedBacktestId = new string('a', 32),
        PublishedAuc = 0.8,
        CandidateAuc = 0.75,
        CandidateLiveAuc = 0.71,
        CandidateHeldOut = 84,
        Verdict = ModelReviewVerdict.DriftAndBetterCandidate,
        Notes = [],
    };

    private static BacktestJob PublishedOn(string id, string version, double auc)
    {
        ModelMetrics Metrics() => new() { Auc = auc, ByGrade = [], ByScoreBand = [], Calibration = [] };
        return new BacktestJob
        {
            Id = id,
            Status = BacktestStatus.Completed,
            CreatedAt = Monday.AddDays(-90),
            LiveModelVersion = "older",
            CandidateModelVersion = version,
            Results = new BacktestResults
            {
                Leads = 1000, Won = 200, NotWon = 800, Skipped = 0, Weeks = 26, Warnings = [],
                Live = new ModelResults("older", Metrics(), Metrics()),
                Candidate = new ModelResults(version, Metrics(), Metrics()),
            },
        };
    }

    private static ModelReviewEmail Email(DateTimeOffset? due) =>
        new() { Recipient = "marketing-ops@example.com", NextAttemptAt = due };

    private sealed class CountingNotifier : IModelReviewNotifier
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Sent { get; } = [];

        public Task NotifyAsync(ModelReview review, CancellationToken cancellationToken = default)
        {
            Sent.Add(review.ReviewId);
            return Task.CompletedTask;
        }
    }
}
