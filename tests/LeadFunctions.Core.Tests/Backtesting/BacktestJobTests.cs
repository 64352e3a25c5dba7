using System.Text.Json;
using LeadFunctions.Backtesting;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Testing.Modeling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Backtesting;

/// <summary>
/// A backtest job end to end over the in-memory stores: <see cref="BacktestService"/> starts it, the test drains the
/// queue into <see cref="BacktestPageHandler"/>, crashing, redelivering and duplicating messages as a queue can.
/// </summary>
public sealed class BacktestJobTests
{
    private const int Leads = 250;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryLeadTables _leads;
    private readonly InMemoryBacktestStore _jobs = new();
    private readonly InMemoryBacktestQueue _queue = new();
    private readonly BacktestService _service;
    private readonly BacktestPageHandler _handler;

    public BacktestJobTests()
    {
        _leads = new InMemoryLeadTables(_clock);
        OutcomeLeads.SeedGenerated(_leads, Leads, Now);
        var live = new LeadScorer(ScoringModel.Default, _clock);
        _service = new BacktestService(_jobs, _queue, live, _clock, NullLogger<BacktestService>.Instance);
        _handler = new BacktestPageHandler(
            _jobs, _queue, new KnownOutcomes(_leads.Leads, _leads.Scores), live, _clock, NullLogger<BacktestPageHandler>.Instance);
    }

    [Fact]
    public async Task A_job_scores_every_lead_with_a_known_outcome_once_and_completes()
    {
        var job = await StartAsync(CandidateJson());

        await _queue.DrainAsync(message => _handler.HandleAsync(message));

        var done = (await _jobs.GetJobAsync(job.Id))!;
        Assert.Equal(BacktestStatus.Completed, done.Status);
        var results = done.Results!;
        Assert.Equal(Leads, results.Leads);
        Assert.Equal(await CountAsync(LeadStage.Won), results.Won);
        Assert.Equal(Leads - results.Won, results.NotWon);
        Assert.Equal(_queue.Sent.Count, done.Progress.Pages);
        Assert.Equal("candidate-2", results.Candidate.ModelVersion);
        Assert.Equal(ScoringModel.Default.Version, results.Live.ModelVersion);
        Assert.InRange(results.Live.AtOutcome.Auc!.Value, 0.5, 1); // the generated outcomes follow engagement and fit
        Assert.Contains(results.Warnings, w => w.Contains("120", StringComparison.Ordinal));
        Assert.Contains(results.Warnings, w => w.Contains("1000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_candidate_equal_to_the_live_model_gets_the_live_models_figures()
    {
        var job = await StartAsync(CandidateJson(changePoints: false));

        await _queue.DrainAsync(message => _handler.HandleAsync(message));

        var results = (await _jobs.GetJobAsync(job.Id))!.Results!;
        Assert.Equal(Json(results.Live.AtOutcome), Json(results.Candidate.AtOutcome));
        Assert.Equal(Json(results.Live.Now), Json(results.Candidate.Now));
        Assert.NotEqual(Json(results.Live.AtOutcome), Json(results.Live.Now)); // decay: today's scores differ
    }

    [Fact]
    public async Task A_changed_model_is_judged_on_its_own_scores()
    {
        var job = await StartAsync(CandidateJson());

        await _queue.DrainAsync(message => _handler.HandleAsync(message));

        var results = (await _jobs.GetJobAsync(job.Id))!.Results!;
        Assert.NotEqual(Json(results.Live.AtOutcome.ByScoreBand), Json(results.Candidate.AtOutcome.ByScoreBand));
    }

    [Fact]
    public async Task A_candidate_is_judged_at_its_own_thresholds()
    {
        var json = CandidateJson(changePoints: false).Replace(
            "\"minTotal\": 120, \"requireBant\": true", "\"minTotal\": 40, \"requireBant\": false", StringComparison.Ordinal);
        var job = await StartAsync(json);

        await _queue.DrainAsync(message => _handler.HandleAsync(message));

        var results = (await _jobs.GetJobAsync(job.Id))!.Results!;
        Assert.Equal(results.Live.AtOutcome.Auc, results.Candidate.AtOutcome.Auc); // the same points
        Assert.True(results.Candidate.AtOutcome.Sqls > results.Live.AtOutcome.Sqls);
        Assert.True(results.Candidate.AtOutcome.SqlRecall > results.Live.AtOutcome.SqlRecall);
    }

    [Fact]
    public async Task A_field_rule_on_the_attribution_is_scored_in_a_backtest()
    {
        var leads = new InMemoryLeadTables(_clock);
        PlantedSignalLeads.Seed(leads, PlantedSignalLeads.Generate(300, Now));
        var live = new LeadScorer(ScoringModel.Default, _clock);
        var service = new BacktestService(_jobs, _queue, live, _clock, NullLogger<BacktestService>.Instance);
        var handler = new BacktestPageHandler(
            _jobs, _queue, new KnownOutcomes(leads.Leads, leads.Scores), live, _clock, NullLogger<BacktestPageHandler>.Instance);
        var json = CandidateJson(changePoints: false).Replace(
            "\"disposableDomains\"",
            "\"fields\": [{ \"id\": \"source-reference\", \"field\": \"utm_source\", \"values\": [\"reference\"], \"points\": 60 }], "
                + "\"disposableDomains\"",
            StringComparison.Ordinal);
        var start = await service.StartAsync(json);

        await _queue.DrainAsync(message => handler.HandleAsync(message));

        var results = (await _jobs.GetJobAsync(start.Job!.Id))!.Results!;
        Assert.Equal(300, results.Leads);
        Assert.True(results.Candidate.AtOutcome.Auc > results.Live.AtOutcome.Auc + 0.05);
    }

    [Fact]
    public async Task A_crash_after_a_page_is_stored_resumes_from_the_redelivered_message_with_the_same_results()
    {
        var uninterrupted = await RunUninterruptedAsync();
        var job = await StartAsync(CandidateJson());
        var first = _queue.Take()!;
        await _handler.HandleAsync(first);
        var second = _queue.Take()!;

        // Page 2 is scored and stored, then the host dies before the next page's message is sent.
        _queue.FailingSends = 1;
        await Assert.ThrowsAsync<IOException>(() => _handler.HandleAsync(second));
        Assert.NotNull(await _jobs.GetPageAsync(job.Id, 2));
        Assert.Equal(0, _queue.Count);

        // Later (the clock moves on) the queue redelivers the message; the rest follows.
        _clock.Advance(TimeSpan.FromHours(3));
        await _handler.HandleAsync(second);
        await _queue.DrainAsync(message => _handler.HandleAsync(message));

        var done = (await _jobs.GetJobAsync(job.Id))!;
        Assert.Equal(BacktestStatus.Completed, done.Status);
        Assert.Equal(Json(uninterrupted), Json(done.Results!));
    }

    [Fact]
    public async Task Every_message_delivered_twice_changes_nothing()
    {
        var uninterrupted = await RunUninterruptedAsync();
        var job = await StartAsync(CandidateJson());

        await _queue.DrainAsync(async message =>
        {
            await _handler.HandleAsync(message);
            await _handler.HandleAsync(message);
        });

        var done = (await _jobs.GetJobAsync(job.Id))!;
        Assert.Equal(Json(uninterrupted), Json(done.Results!));
        Assert.Equal(done.Progress.Pages, (await _jobs.ListPagesAsync(job.Id)).Count);
    }

    [Fact]
    public async Task A_backtest_never_writes_a_lead()
    {
        var before = await SnapshotAsync();
        await StartAsync(CandidateJson());

        await _queue.DrainAsync(message => _handler.HandleAsync(message));

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_message_that_failed_all_its_retries_marks_its_job_failed_with_the_page()
    {
        var job = await StartAsync(CandidateJson());
        var message = _queue.Take()!;

        await _handler.FailAsync(BacktestMessages.Serialize(message));

        var failed = (await _jobs.GetJobAsync(job.Id))!;
        Assert.Equal(BacktestStatus.Failed, failed.Status);
        Assert.Contains("Page 1", failed.FailureReason, StringComparison.Ordinal);
        Assert.NotNull(failed.CompletedAt);
        await _handler.HandleAsync(message); // a late delivery leaves a failed job as it is
        Assert.Equal(BacktestStatus.Failed, (await _jobs.GetJobAsync(job.Id))!.Status);
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task A_poison_message_that_is_not_a_backtest_page_is_dropped()
    {
        await _handler.FailAsync("{not json");
        await _handler.FailAsync("""{"jobId":"../../etc","stage":"Won","page":1}""");

        Assert.Throws<InvalidBacktestMessageException>(() => BacktestMessages.Deserialize("""{"jobId":"x","stage":"Won","page":1}"""));
    }

    [Fact]
    public async Task A_job_whose_stored_candidate_no_longer_validates_fails_with_the_models_errors()
    {
        var job = new BacktestJob
        {
            Id = BacktestJob.NewId(),
            Status = BacktestStatus.Running,
            CreatedAt = Now,
            LiveModelVersion = "live",
            CandidateModelVersion = "old",
        };
        await _jobs.CreateJobAsync(job, """{"version": "old"}""");

        await _handler.HandleAsync(BacktestPageMessage.First(job.Id));

        var failed = (await _jobs.GetJobAsync(job.Id))!;
        Assert.Equal(BacktestStatus.Failed, failed.Status);
        Assert.Contains("$", failed.FailureReason, StringComparison.Ordinal);
        Assert.Empty(await _jobs.ListPagesAsync(job.Id));
    }

    [Fact]
    public async Task A_message_of_an_unknown_job_is_ignored()
    {
        await _handler.HandleAsync(BacktestPageMessage.First(BacktestJob.NewId()));

        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task An_invalid_candidate_starts_nothing_and_names_each_error_path()
    {
        var start = await _service.StartAsync(CandidateJson().Replace("\"minFit\": 20", "\"minFit\": \"many\"", StringComparison.Ordinal));

        Assert.Null(start.Job);
        Assert.Contains(start.Errors, error => error.Path.StartsWith("$.qualification.mql.minFit", StringComparison.Ordinal));
        Assert.Empty(_queue.Sent);
    }

    [Fact]
    public async Task A_candidate_with_ten_thousand_rules_is_refused_by_the_validators_limit()
    {
        var json = CandidateModels.WithExtraRules(10_000);

        var start = await _service.StartAsync(json);

        Assert.Null(start.Job);
        Assert.Contains(start.Errors, error => error.Path == "$.engagement.rules");
    }

    [Fact]
    public async Task A_job_whose_first_message_cannot_be_sent_is_marked_failed()
    {
        _queue.FailingSends = 1;

        await Assert.ThrowsAsync<IOException>(() => _service.StartAsync(CandidateJson()));

        Assert.Empty(_queue.Sent);
        var job = Assert.Single(_jobs.Jobs);
        Assert.Equal(BacktestStatus.Failed, job.Status);
        Assert.Contains("could not be queued", job.FailureReason, StringComparison.Ordinal);
    }

    private static string CandidateJson(bool changePoints = true) => CandidateModels.Candidate(changePoints);

    private async Task<BacktestJob> StartAsync(string json)
    {
        var start = await _service.StartAsync(json);
        Assert.Empty(start.Errors);
        return start.Job!;
    }

    private async Task<BacktestResults> RunUninterruptedAsync()
    {
        var job = await StartAsync(CandidateJson());
        await _queue.DrainAsync(message => _handler.HandleAsync(message));
        return (await _jobs.GetJobAsync(job.Id))!.Results!;
    }

    private async Task<long> CountAsync(LeadStage stage) => (await _leads.Leads.ListLeadsByStageAsync(stage, null, 10_000)).Leads.Count;

    private async Task<string> SnapshotAsync()
    {
        var ids = (await _leads.Leads.ListLeadIdsAsync(null, 10_000)).LeadIds;
        var leads = await Task.WhenAll(ids.Select(id => _leads.Leads.GetLeadAsync(id)));
        return string.Join(",", leads.Select(lead => lead!.LeadId + ":" + lead.ETag));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
