using LeadFunctions.Backtesting;
using LeadFunctions.ModelVersions;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.ModelVersions;

namespace LeadFunctions.Core.Tests.ModelVersions;

/// <summary>What the models page reads: the live version, each version's backtest and its diff against live.</summary>
public sealed class ModelVersionsOverviewServiceTests
{
    private const string BacktestId = "0123456789abcdef0123456789abcdef";
    private const string GoneBacktestId = "fedcba9876543210fedcba9876543210";
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string s_seed = ScoringModel.Default.Version;

    private readonly InMemoryModelRegistry _registry = new();
    private readonly InMemoryBacktestStore _backtests = new();

    [Fact]
    public async Task The_live_version_comes_with_its_backtest_and_every_other_version_with_its_diff_against_live()
    {
        await SeedAsync();
        await _backtests.CreateJobAsync(CompletedJob(BacktestId), CandidateModels.Candidate());
        await PublishAsync(CandidateModels.Version, CandidateModels.Candidate(), BacktestId, Start.AddDays(1));
        await _registry.TryCreateAsync(Draft("candidate-3", Start.AddDays(2)), CandidateModels.Candidate(changePoints: false)
            .Replace(CandidateModels.Version, "candidate-3", StringComparison.Ordinal));

        var overview = await Service().GetAsync(null);

        Assert.Equal(["candidate-3", CandidateModels.Version, s_seed], overview.Versions.Select(version => version.Version.Version));
        var live = overview.Live!;
        Assert.Same(overview.Versions[1], live);
        Assert.True(live.IsLive);
        Assert.Null(live.Diff);
        Assert.Equal(0.8, live.Backtest!.Results!.Candidate.AtOutcome.Auc);
        var draft = overview.Versions[0];
        Assert.Null(draft.Backtest);
        var back = Assert.Single(draft.Diff!.Rules); // the draft has the shipped points: pricing goes back from 40 to 10
        Assert.Equal(("pricing-page", 40m, 10m), (back.RuleId, back.OldPoints, back.NewPoints));
        Assert.Equal((CandidateModels.Version, "candidate-3"), (draft.Diff.FromVersion, draft.Diff.ToVersion));
        Assert.Equal(ModelVersionStatus.Retired, overview.Versions[2].Version.Status);
        Assert.Equal(10m, Assert.Single(overview.Versions[2].Diff!.Rules).NewPoints);
        Assert.Null(overview.ContinuationToken);
    }

    [Fact]
    public async Task The_live_version_is_shown_on_a_page_that_does_not_list_it()
    {
        await SeedAsync();
        for (var i = 0; i < ModelRegistryService.PageSize; i++)
        {
            var version = $"draft-{i}";
            await _registry.TryCreateAsync(Draft(version, Start.AddMinutes(i + 1)), Json(version));
        }

        var first = await Service().GetAsync(null);
        var second = await Service().GetAsync(first.ContinuationToken);

        Assert.Equal(ModelRegistryService.PageSize, first.Versions.Count);
        Assert.DoesNotContain(first.Versions, version => version.IsLive);
        Assert.Equal(s_seed, first.Live!.Version.Version);
        Assert.Equal(s_seed, Assert.Single(second.Versions).Version.Version);
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public async Task A_backtest_that_is_gone_and_a_document_that_no_longer_validates_are_shown_as_such()
    {
        await SeedAsync();
        await PublishAsync("forced-2", Json("forced-2"), GoneBacktestId, Start.AddDays(1));
        await _registry.TryCreateAsync(Draft("old-3", Start.AddDays(2)), """{"version":"old-3"}""");

        var overview = await Service().GetAsync(null);

        var live = overview.Live!;
        Assert.Equal(GoneBacktestId, live.Version.BacktestId);
        Assert.Null(live.Backtest);
        var old = overview.Versions[0];
        Assert.Null(old.Diff);
        Assert.StartsWith("Its document does not pass today's validation: $", old.DiffError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_registry_has_no_live_version_and_no_versions()
    {
        var overview = await Service().GetAsync(null);

        Assert.Null(overview.Live);
        Assert.Empty(overview.Versions);
    }

    private ModelVersionsOverviewService Service() => new(_registry, _backtests);

    private async Task SeedAsync() => Assert.True(await _registry.TrySeedAsync(
        new ModelVersion
        {
            Version = s_seed,
            Status = ModelVersionStatus.Live,
            CreatedAt = Start,
            CreatedBy = ModelVersionAuthors.Seed,
            PublishedAt = Start,
            PublishedBy = ModelVersionAuthors.Seed,
            Reason = "the deployed model",
        },
        CandidateModels.DefaultJson()));

    private async Task PublishAsync(string version, string json, string backtestId, DateTimeOffset at)
    {
        Assert.True(await _registry.TryCreateAsync(Draft(version, at), json));
        var pointer = (await _registry.GetLiveAsync())!;
        var previous = (await _registry.GetAsync(pointer.Version))!;
        var published = Draft(version, at) with
        {
            Status = ModelVersionStatus.Live,
            PublishedAt = at,
            PublishedBy = ModelVersionAuthors.Api,
            Reason = "better",
            BacktestId = backtestId,
        };
        Assert.True(await _registry.TryPublishAsync(new ModelPublication(pointer, published, previous with { Status = ModelVersionStatus.Retired })));
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

    private static BacktestJob CompletedJob(string id) => new()
    {
        Id = id,
        Status = BacktestStatus.Completed,
        CreatedAt = Start,
        CompletedAt = Start.AddHours(1),
        LiveModelVersion = s_seed,
        CandidateModelVersion = CandidateModels.Version,
        Results = new BacktestResults
        {
            Leads = 200,
            Won = 40,
            NotWon = 160,
            Skipped = 0,
            Weeks = 10,
            Warnings = [],
            Live = new ModelResults(s_seed, Metrics(0.7), Metrics(0.7)),
            Candidate = new ModelResults(CandidateModels.Version, Metrics(0.8), Metrics(0.8)),
        },
    };

    private static ModelMetrics Metrics(double auc) => new()
    {
        Auc = auc,
        Sqls = 20,
        SqlRecall = 0.5,
        SqlPrecision = 0.4,
        SqlsPerWeek = 2,
        TopDecileLift = 3,
        ByGrade = [],
        ByScoreBand = [],
        Calibration = [],
    };
}
