using LeadFunctions.Backtesting;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.ModelVersions;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Testing.ModelVersions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.ModelVersions;

public sealed class LiveModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);

    [Fact]
    public void A_scorer_of_the_live_model_scores_with_the_model_in_use_from_the_next_lead_on()
    {
        var live = new LiveModel(ScoringModel.Default);
        var scorer = new LeadScorer(live, _clock);
        var profile = new LeadProfile { Email = "a@example.org" };

        Assert.Equal(ScoringModel.Default.Version, scorer.Score(profile, [], LeadStanding.New).ModelVersion);
        live.Use(Candidate());

        Assert.Equal(CandidateModels.Version, scorer.Score(profile, [], LeadStanding.New).ModelVersion);
        Assert.Same(live.Current, scorer.Model);
    }

    [Fact]
    public async Task Two_instances_starting_on_an_empty_registry_seed_it_once_and_both_use_the_seed()
    {
        var registry = new InMemoryModelRegistry();
        var first = Refresher(registry, out var firstLive);
        var second = Refresher(registry, out var secondLive);

        await Task.WhenAll(first.RefreshAsync(), second.RefreshAsync());

        var page = await registry.ListAsync(null, 10);
        var seeded = Assert.Single(page.Versions);
        Assert.Equal(ModelVersionStatus.Live, seeded.Status);
        Assert.Equal(ModelVersionAuthors.Seed, seeded.CreatedBy);
        Assert.Same(ScoringModel.Default, firstLive.Current);
        Assert.Same(ScoringModel.Default, secondLive.Current);
    }

    [Fact]
    public async Task A_moved_pointer_is_followed_and_a_superseded_version_is_read_once_until_the_next_refresh()
    {
        var registry = new InMemoryModelRegistry();
        var refresher = Refresher(registry, out var live);
        await refresher.RefreshAsync();
        await registry.TryCreateAsync(Draft(CandidateModels.Version), CandidateModels.Candidate(changePoints: false));
        var pointer = (await registry.GetLiveAsync())!;
        var seed = (await registry.GetAsync(ScoringModel.Default.Version))!;
        Assert.True(await registry.TryPublishAsync(new ModelPublication(
            pointer, Draft(CandidateModels.Version) with { Status = ModelVersionStatus.Live }, seed with { Status = ModelVersionStatus.Retired })));

        await refresher.FollowAsync(CandidateModels.Version);
        Assert.Equal(CandidateModels.Version, live.Current.Version);

        var reads = registry.LiveReads;
        await refresher.FollowAsync("superseded-1");
        await refresher.FollowAsync("superseded-1");
        await refresher.FollowAsync(CandidateModels.Version);
        Assert.Equal(reads + 1, registry.LiveReads);
    }

    [Fact]
    public async Task A_backtest_whose_live_model_changes_under_it_fails_and_says_so()
    {
        var leads = new InMemoryLeadTables(_clock);
        OutcomeLeads.SeedGenerated(leads, 250, Now);
        var jobs = new InMemoryBacktestStore();
        var queue = new InMemoryBacktestQueue();
        var live = new LiveModel(ScoringModel.Default);
        var scorer = new LeadScorer(live, _clock);
        var service = new BacktestService(jobs, queue, scorer, _clock, NullLogger<BacktestService>.Instance);
        var handler = new BacktestPageHandler(
            jobs, queue, new KnownOutcomes(leads.Leads, leads.Scores), scorer, _clock, NullLogger<BacktestPageHandler>.Instance);
        var job = (await service.StartAsync(CandidateModels.Candidate())).Job!;

        live.Use(Candidate());
        await queue.DrainAsync(message => handler.HandleAsync(message));

        var failed = (await jobs.GetJobAsync(job.Id))!;
        Assert.Equal(BacktestStatus.Failed, failed.Status);
        Assert.Contains("live model changed", failed.FailureReason, StringComparison.Ordinal);
    }

    private static ScoringModel Candidate() => ScoringModel.Parse(CandidateModels.Candidate(changePoints: false));

    private LiveModelRefresher Refresher(IModelRegistry registry, out LiveModel live)
    {
        live = new LiveModel(ScoringModel.Default);
        return new LiveModelRefresher(
            registry,
            live,
            new SeedModel(CandidateModels.DefaultJson(), ScoringModel.Default),
            _clock,
            NullLogger<LiveModelRefresher>.Instance);
    }

    private static ModelVersion Draft(string version) => new()
    {
        Version = version,
        Status = ModelVersionStatus.Draft,
        CreatedAt = Now,
        CreatedBy = ModelVersionAuthors.Api,
    };
}
