using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using LeadFunctions.Suggestions;
using LeadFunctions.Testing.Backtesting;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Testing.Suggestions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Suggestions;

/// <summary>
/// A suggestion job end to end over the in-memory stores: <see cref="SuggestionService"/> starts it, the test drains the
/// queue into <see cref="SuggestionPageHandler"/>, crashing, redelivering and duplicating messages as a queue can.
/// </summary>
public sealed class SuggestionJobTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start.AddYears(1));
    private readonly InMemoryLeadTables _store = new();
    private readonly InMemorySuggestionStore _jobs = new();
    private readonly InMemorySuggestionQueue _queue = new();
    private readonly SwitchableModel _live = new(ScoringModel.Default);
    private readonly SuggestionService _service;
    private readonly SuggestionPageHandler _handler;

    public SuggestionJobTests()
    {
        var scorer = new LeadScorer(_live, _clock);
        _service = new SuggestionService(_jobs, _queue, scorer, _clock, NullLogger<SuggestionService>.Instance);
        _handler = new SuggestionPageHandler(
            _jobs, _queue, new KnownOutcomes(_store.Leads, _store.Scores), scorer, _clock, NullLogger<SuggestionPageHandler>.Instance);
    }

    [Fact]
    public async Task Fits_the_live_rules_to_the_outcomes_scored_as_of_each_outcome_a_page_at_a_time()
    {
        SeedLeads(250, seed: 42);

        var (job, suggestion) = await RunAsync(new SuggestionOptions());

        Assert.Equal(SuggestionStatus.Completed, job.Status);
        Assert.Equal(_queue.Sent.Count, job.Progress.Pages);
        Assert.True(job.Progress.Pages >= 3, "a page per stage at least (a page holds up to 1,000 outcomes of one stage)");
        Assert.Equal((250L, 0L, (LeadStage?)null), (job.Progress.Leads, job.Progress.Skipped, job.Progress.Stage));
        Assert.Equal(250, suggestion!.Fit.Won + suggestion.Fit.NotWon);
        var rules = suggestion.Rules.ToDictionary(rule => rule.RuleId);
        Assert.True(rules["demo-requested"].NewPoints > 0, "demo requests come before wins");
        Assert.True(rules["title-c-level"].NewPoints > 0, "C-level leads win more often");
        Assert.True(rules["careers-page"].NewPoints < 0, "job seekers do not buy");

        // Every lost lead started a trial after it was lost: scored as of its outcome, no lead had.
        Assert.Equal((20m, "none"), (rules["trial-started"].NewPoints, rules["trial-started"].Confidence));
        Assert.InRange(suggestion.Fit.Auc!.Value, 0.6, 1);
        ScoringModel.Parse(ScoringModel.Write(suggestion.Candidate));
    }

    [Fact]
    public async Task The_jobs_answer_is_the_fit_of_every_outcome_read_at_once()
    {
        SeedLeads(250, seed: 5);
        var scorer = new LeadScorer(ScoringModel.Default, _clock);
        var activations = new RuleActivations(ScoringModel.Default);
        var evidence = new List<ScoredOutcome>();
        await foreach (var page in new KnownOutcomes(_store.Leads, _store.Scores).ReadAllAsync(1_000))
        {
            evidence.AddRange(page.Outcomes.Select(outcome => OutcomeEvidence.Of(scorer, activations, outcome)));
        }

        var direct = PointsSuggester.Suggest(
            ScoringModel.Default, [.. evidence.OrderBy(o => o.LeadId, StringComparer.Ordinal)], new SuggestionOptions()).Suggestion!;
        var (_, suggestion) = await RunAsync(new SuggestionOptions());

        Assert.Equal(SuggestionResults.Serialize(direct), SuggestionResults.Serialize(suggestion!));
    }

    [Fact]
    public async Task Two_jobs_over_the_same_store_give_the_same_answer_and_the_options_are_kept_with_the_job()
    {
        SeedLeads(60, seed: 7);
        var options = new SuggestionOptions { Holdout = 0.3, SqlRecall = 0.5, Keep = [ThresholdFit.RequireBant], MinSupport = 10 };

        var (firstJob, first) = await RunAsync(options);
        var (_, second) = await RunAsync(options);

        Assert.Equal(SuggestionResults.Serialize(first!), SuggestionResults.Serialize(second!));
        Assert.Equal(SuggestionResults.SerializeOptions(options), SuggestionResults.SerializeOptions(firstJob.Options));
        Assert.Equal(0.5, first!.Thresholds.SqlRecall);
    }

    [Fact]
    public async Task Too_few_outcomes_fail_the_job_saying_how_many_a_fit_needs()
    {
        SeedLeads(12, seed: 1);

        var (job, suggestion) = await RunAsync(new SuggestionOptions());

        Assert.Null(suggestion);
        Assert.Equal(SuggestionStatus.Failed, job.Status);
        Assert.StartsWith("12 leads with a known outcome; a fit needs at least 20. Record outcomes with", job.FailureReason, StringComparison.Ordinal);
        Assert.Equal(12, job.Progress.Leads);
    }

    [Fact]
    public async Task A_crash_after_a_page_is_stored_resumes_from_the_redelivered_message_with_the_same_answer()
    {
        SeedLeads(250, seed: 3);
        var (_, uninterrupted) = await RunAsync(new SuggestionOptions());
        var job = await _service.StartAsync(new SuggestionOptions());
        await _handler.HandleAsync(_queue.Take()!);
        var second = _queue.Take()!;

        // Page 2 is read and stored, then the host dies before the next page's message is sent.
        _queue.FailingSends = 1;
        await Assert.ThrowsAsync<IOException>(() => _handler.HandleAsync(second));
        Assert.NotNull(await _jobs.GetPageAsync(job.Id, job.Attempt, 2));
        Assert.Null(_queue.Take());

        // Later the queue redelivers the message: the stored page is not read again, and the rest follows.
        var puts = _jobs.PagePuts;
        _clock.Advance(TimeSpan.FromHours(3));
        await _handler.HandleAsync(second);
        Assert.Equal(puts, _jobs.PagePuts);
        await _queue.DrainAsync(message => _handler.HandleAsync(message));

        var (done, answer) = (await _service.GetAsync(job.Id))!.Value;
        Assert.Equal(SuggestionStatus.Completed, done.Status);
        Assert.Equal(SuggestionResults.Serialize(uninterrupted!), SuggestionResults.Serialize(answer!));
    }

    [Fact]
    public async Task Every_message_delivered_twice_changes_nothing()
    {
        SeedLeads(250, seed: 4);
        var (_, uninterrupted) = await RunAsync(new SuggestionOptions());
        var job = await _service.StartAsync(new SuggestionOptions());
        var puts = _jobs.PagePuts;

        await _queue.DrainAsync(async message =>
        {
            await _handler.HandleAsync(message);
            await _handler.HandleAsync(message);
        });

        var (done, answer) = (await _service.GetAsync(job.Id))!.Value;
        Assert.Equal(SuggestionResults.Serialize(uninterrupted!), SuggestionResults.Serialize(answer!));
        Assert.Equal(done.Progress.Pages, _jobs.PagePuts - puts);
    }

    [Fact]
    public async Task A_publish_during_the_job_fails_it_naming_both_versions()
    {
        SeedLeads(250, seed: 6);
        var job = await _service.StartAsync(new SuggestionOptions());
        await _handler.HandleAsync(_queue.Take()!);

        _live.Current = ScoringModel.Parse(CandidateModels.Candidate());
        await _queue.DrainAsync(message => _handler.HandleAsync(message));

        var done = (await _jobs.GetJobAsync(job.Id))!;
        Assert.Equal(SuggestionStatus.Failed, done.Status);
        Assert.Equal(
            $"The live model changed from {ScoringModel.Default.Version} to {CandidateModels.Version}; ask for the suggestion again.",
            done.FailureReason);
        Assert.Null(await _jobs.GetResultAsync(job.Id));
    }

    [Fact]
    public async Task A_message_that_failed_all_its_retries_marks_its_job_failed_with_the_page()
    {
        SeedLeads(30, seed: 8);
        var job = await _service.StartAsync(new SuggestionOptions());
        var message = _queue.Take()!;

        await _handler.FailAsync(SuggestionMessages.Serialize(message));
        await _handler.FailAsync("not a suggestion page");

        var done = (await _jobs.GetJobAsync(job.Id))!;
        Assert.Equal(SuggestionStatus.Failed, done.Status);
        Assert.Equal("Page 1 could not be processed after its retries; the app's logs have the error.", done.FailureReason);
        Assert.NotNull(done.CompletedAt);
    }

    [Fact]
    public async Task A_message_of_another_attempt_is_ignored_and_reads_nothing()
    {
        SeedLeads(30, seed: 9);
        var job = await _service.StartAsync(new SuggestionOptions());
        var message = _queue.Take()!;

        await _handler.HandleAsync(message with { Attempt = SuggestionJob.NewAttempt() });
        await _handler.FailAsync(SuggestionMessages.Serialize(message with { Attempt = SuggestionJob.NewAttempt() }));

        Assert.Equal(0, _jobs.PagePuts);
        Assert.Empty(_queue.Sent.Skip(1));
        Assert.Equal(SuggestionStatus.Running, (await _jobs.GetJobAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task A_job_whose_first_message_cannot_be_sent_is_marked_failed_and_unknown_ids_are_not_found()
    {
        _queue.FailingSends = 1;

        await Assert.ThrowsAsync<IOException>(() => _service.StartAsync(new SuggestionOptions()));

        var job = Assert.Single(_jobs.Jobs);
        Assert.Equal(SuggestionStatus.Failed, job.Status);
        Assert.Contains("could not be queued", job.FailureReason, StringComparison.Ordinal);
        Assert.Null(await _service.GetAsync(SuggestionJob.NewId()));
        Assert.Null(await _service.GetAsync("../etc"));
    }

    [Fact]
    public void A_message_is_read_back_as_written_and_anything_else_is_refused()
    {
        var message = new SuggestionPageMessage(SuggestionJob.NewId(), SuggestionJob.NewAttempt(), LeadStage.Lost, 3, "token", 200);

        Assert.Equal(message, SuggestionMessages.Deserialize(SuggestionMessages.Serialize(message)));
        Assert.Throws<InvalidSuggestionMessageException>(() => SuggestionMessages.Deserialize("{}"));
        Assert.Throws<InvalidSuggestionMessageException>(() => SuggestionMessages.Deserialize(
            SuggestionMessages.Serialize(message with { Attempt = "x" })));
        Assert.Throws<InvalidSuggestionMessageException>(() => SuggestionMessages.Deserialize(
            SuggestionMessages.Serialize(message with { Stage = LeadStage.SQL })));
    }

    private async Task<(SuggestionJob Job, PointsSuggestion? Result)> RunAsync(SuggestionOptions options)
    {
        var job = await _service.StartAsync(options);
        await _queue.DrainAsync(message => _handler.HandleAsync(message));
        return (await _service.GetAsync(job.Id))!.Value;
    }

    /// <summary>
    /// Leads with outcomes drawn from a seeded <see cref="Random"/>: won leads are more often C-level and asked for a
    /// demo, lost ones more often students who looked at the careers page; pricing views are noise. Every lead that was
    /// not won starts a trial the day after its outcome (which must not count); every fifth one is disqualified.
    /// </summary>
    private void SeedLeads(int count, int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            var won = n % 2 == 0;
            var at = Start.AddDays(n % 60).AddHours(n);
            var stage = won ? LeadStage.Won : n % 5 == 1 ? LeadStage.Disqualified : LeadStage.Lost;
            var title = random.NextDouble() < (won ? 0.7 : 0.2) ? "CEO" : random.NextDouble() < 0.5 ? "Student" : "Engineer";
            var events = new List<EngagementEvent>();
            AddIf(events, random.NextDouble() < (won ? 0.7 : 0.15), "Demo Requested", at.AddDays(-2));
            AddIf(events, random.NextDouble() < (won ? 0.05 : 0.5), "Page Viewed", at.AddDays(-5), ("path", "/careers"));
            for (var views = random.Next(4); views > 0; views--)
            {
                AddIf(events, true, "Page Viewed", at.AddDays(-views), ("path", "/pricing"));
            }

            AddIf(events, !won, "Trial Started", at.AddDays(1));
            var leadId = n.ToString("x32", CultureInfo.InvariantCulture);
            var lead = new Lead
            {
                LeadId = leadId,
                Profile = new LeadProfile { Email = $"lead{n}@example.org", JobTitle = title },
                CreatedAt = at.AddDays(-30),
                UpdatedAt = at,
                Score = HistoryScores.With([new StageChange(LeadStage.SQL, stage, at, "outcome")], "D", at.AddDays(-30)),
            };
            _store.Seed(lead, events.Select(e => new StoredEvent("test", e)));
        }
    }

    private static void AddIf(
        List<EngagementEvent> events,
        bool condition,
        string type,
        DateTimeOffset at,
        params (string Key, string Value)[] properties)
    {
        if (condition)
        {
            events.Add(new EngagementEvent
            {
                EventId = "e" + events.Count.ToString(CultureInfo.InvariantCulture),
                Type = type,
                OccurredAt = at,
                Properties = properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
            });
        }
    }

    /// <summary>The live model as the registry's follower changes it: a publish swaps <see cref="Current"/>.</summary>
    private sealed class SwitchableModel(ScoringModel model) : IScoringModelSource
    {
        public ScoringModel Current { get; set; } = model;
    }
}
