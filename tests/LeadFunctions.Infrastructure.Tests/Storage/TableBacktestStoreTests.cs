using LeadFunctions.Backtesting;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Tests.Storage;

[Collection(LeadStoreCollection.Name)]
public sealed class TableBacktestStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_job_and_a_candidate_model_longer_than_a_table_property_come_back_as_stored()
    {
        var store = Create();
        var job = NewJob();
        var model = "{\"version\":\"long\"," + new string(' ', 100_000) + "\"é\":\"" + new string('x', 40_000) + "\"}";

        await store.CreateJobAsync(job, model);

        var read = await store.GetJobAsync(job.Id);
        Assert.Equal(job with { ETag = read!.ETag }, read);
        Assert.NotNull(read.ETag);
        Assert.Equal(model, await store.GetCandidateModelAsync(job.Id));
    }

    [Fact]
    public async Task Unknown_and_malformed_job_ids_are_not_found()
    {
        var store = Create();

        Assert.Null(await store.GetJobAsync(BacktestJob.NewId()));
        Assert.Null(await store.GetJobAsync("../x' or '1'='1"));
        Assert.Null(await store.GetCandidateModelAsync(BacktestJob.NewId()));
    }

    [Fact]
    public async Task A_job_is_replaced_only_under_its_current_etag_and_keeps_its_results()
    {
        var store = Create();
        var job = NewJob();
        await store.CreateJobAsync(job, "{}");
        var read = (await store.GetJobAsync(job.Id))!;
        var results = Results();

        Assert.True(await store.TryUpdateJobAsync(read with { Status = BacktestStatus.Completed, Results = results }));
        Assert.False(await store.TryUpdateJobAsync(read with { Status = BacktestStatus.Failed }));

        var completed = (await store.GetJobAsync(job.Id))!;
        Assert.Equal(BacktestStatus.Completed, completed.Status);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(results), System.Text.Json.JsonSerializer.Serialize(completed.Results));
        Assert.Equal("{}", await store.GetCandidateModelAsync(job.Id));
    }

    [Fact]
    public async Task A_page_is_stored_once_under_its_number_and_listed_in_order_with_its_tallies()
    {
        var store = Create();
        var job = NewJob();
        await store.CreateJobAsync(job, "{}");
        var second = Page(job.Id, 2, next: null, score: 42.5m);
        var first = Page(job.Id, 1, next: new OutcomeCursor(LeadStage.Lost, "token-1"), score: 10m);

        await store.AddPageAsync(second);
        await store.AddPageAsync(first);
        var again = await store.AddPageAsync(Page(job.Id, 1, next: null, score: 99m));
        await store.MarkNextEnqueuedAsync(job.Id, 1);

        Assert.Equal(new OutcomeCursor(LeadStage.Lost, "token-1"), again.Next); // the first one stays
        var pages = await store.ListPagesAsync(job.Id);
        Assert.Equal([1, 2], pages.Select(page => page.Number));
        Assert.True(pages[0].NextEnqueued);
        Assert.False(pages[1].NextEnqueued);
        Assert.Null(pages[1].Next);
        Assert.Equal(new ClassCounts(1, 0), pages[1].Aggregate.CandidateNow.Scores.Buckets[4250]);
        Assert.Equal(new ClassCounts(1, 0), pages[1].Aggregate.LiveAtOutcome.Grades["B"]);
        Assert.Equal(new ClassCounts(1, 0), pages[1].Aggregate.LiveAtOutcome.Sql);
        Assert.Equal(7, pages[1].LeadsThrough);
        Assert.Null(await store.GetPageAsync(job.Id, 3));
    }

    private TableBacktestStore Create() => new(
        azurite.CreateTableServiceClient(),
        Options.Create(new StorageOptions { TablePrefix = "b" + Guid.NewGuid().ToString("N")[..12] }));

    private static BacktestJob NewJob() => new()
    {
        Id = BacktestJob.NewId(),
        Status = BacktestStatus.Running,
        CreatedAt = Stores.Start,
        LiveModelVersion = "live-1",
        CandidateModelVersion = "candidate-2",
        Progress = new BacktestProgress(3, 300, 1, LeadStage.Lost),
    };

    private static BacktestPage Page(string jobId, int number, OutcomeCursor? next, decimal score)
    {
        var aggregate = new BacktestAggregate { Leads = 1, FirstOutcomeAt = Stores.Start, LastOutcomeAt = Stores.Start };
        foreach (var tally in new[] { aggregate.LiveAtOutcome, aggregate.LiveNow, aggregate.CandidateAtOutcome, aggregate.CandidateNow })
        {
            tally.Add(score, "B", reachedSql: true, won: true);
        }

        return new BacktestPage(jobId, number, aggregate, next, 7, NextEnqueued: false);
    }

    private static BacktestResults Results()
    {
        var aggregate = new BacktestAggregate();
        aggregate.LiveAtOutcome.Add(50, "B", reachedSql: true, won: true);
        aggregate.LiveAtOutcome.Add(10, "D", reachedSql: false, won: false);
        return BacktestReport.Build(aggregate, "live-1", "candidate-2");
    }
}
