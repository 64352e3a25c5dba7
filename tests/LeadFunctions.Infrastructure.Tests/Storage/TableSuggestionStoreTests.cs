using System.Globalization;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;
using LeadFunctions.Suggestions;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The suggestion jobs' table store on Azurite: jobs, pages of evidence (binary, Brotli, rows in a batch), answers.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableSuggestionStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_job_comes_back_as_stored_with_its_options_and_is_replaced_only_under_its_current_etag()
    {
        var store = Create();
        var job = NewJob() with { Options = new SuggestionOptions { SqlRecall = 0.6, Keep = ["highIntent"], Discover = false, MinSupport = 40 } };
        await store.CreateJobAsync(job);

        var read = (await store.GetJobAsync(job.Id))!;
        Assert.Equal(SuggestionResults.SerializeOptions(job.Options), SuggestionResults.SerializeOptions(read.Options));
        Assert.Equal(job with { Options = read.Options, ETag = read.ETag }, read);
        var progress = new SuggestionProgress(3, 250, 2, LeadStage.Lost);

        Assert.True(await store.TryUpdateJobAsync(read with { Progress = progress }));
        Assert.False(await store.TryUpdateJobAsync(read with { Status = SuggestionStatus.Failed }));
        Assert.Equal(progress, (await store.GetJobAsync(job.Id))!.Progress);
        Assert.Null(await store.GetJobAsync(SuggestionJob.NewId()));
        Assert.Null(await store.GetJobAsync("../x' or '1'='1"));
        Assert.Null(await store.GetResultAsync("../x"));
    }

    [Fact]
    public async Task A_pages_evidence_comes_back_exactly_and_pages_are_read_in_order_for_their_attempt_only()
    {
        var store = Create();
        var job = NewJob();
        await store.CreateJobAsync(job);
        var second = Page(job, 2, Evidence(100, seed: 2), next: null);
        var first = Page(job, 1, Evidence(100, seed: 1), next: new OutcomeCursor(LeadStage.Lost, "token-1"));
        var other = Page(job with { Attempt = SuggestionJob.NewAttempt() }, 1, Evidence(3, seed: 3), next: null);

        await store.PutPageAsync(second);
        await store.PutPageAsync(first);
        await store.PutPageAsync(other);
        await store.MarkNextEnqueuedAsync(job.Id, job.Attempt, 1);

        var pages = new List<SuggestionPage>();
        await foreach (var page in store.ReadPagesAsync(job.Id, job.Attempt))
        {
            pages.Add(page);
        }

        Assert.Equal([1, 2], pages.Select(page => page.Number));
        Assert.Equal(Text(first with { NextEnqueued = true }), Text(pages[0]));
        Assert.Equal(Text(second), Text(pages[1]));
        Assert.Equal(Text(second), Text((await store.GetPageAsync(job.Id, job.Attempt, 2))!));
        Assert.Null(await store.GetPageAsync(job.Id, job.Attempt, 3));
        Assert.Equal(3, (await store.GetPageAsync(job.Id, other.Attempt, 1))!.Evidence.Count);
    }

    [Fact]
    public async Task A_page_put_again_replaces_its_rows_whole_even_when_it_was_larger_than_one_row()
    {
        var store = Create();
        var job = NewJob();
        await store.CreateJobAsync(job);

        // Values that do not compress: two rows of binary columns.
        var large = Page(job, 1, Evidence(100, seed: 4, valueLength: 12_000), next: new OutcomeCursor(LeadStage.Won, "t"));
        await store.PutPageAsync(large);
        Assert.Equal(Text(large), Text((await store.GetPageAsync(job.Id, job.Attempt, 1))!));

        var redelivered = Page(job, 1, Evidence(5, seed: 5), next: null);
        await store.PutPageAsync(redelivered);

        Assert.Equal(Text(redelivered), Text((await store.GetPageAsync(job.Id, job.Attempt, 1))!));
        var pages = new List<SuggestionPage>();
        await foreach (var page in store.ReadPagesAsync(job.Id, job.Attempt))
        {
            pages.Add(page);
        }

        Assert.Equal(Text(redelivered), Text(Assert.Single(pages)));
    }

    [Fact]
    public async Task An_answer_larger_than_a_table_property_comes_back_and_is_replaced()
    {
        var store = Create();
        var job = NewJob();
        await store.CreateJobAsync(job);
        var random = new Random(6);
        var answer = "{\"text\":\"" + random.GetHexString(300_000) + "é\"}";

        Assert.Null(await store.GetResultAsync(job.Id));
        await store.SetResultAsync(job.Id, "{\"first\":true," + new string(' ', 200_000) + "\"x\":1}");
        await store.SetResultAsync(job.Id, answer);

        Assert.Equal(answer, await store.GetResultAsync(job.Id));
    }

    private TableSuggestionStore Create() => new(
        azurite.CreateTableServiceClient(),
        Options.Create(new StorageOptions { TablePrefix = "s" + Guid.NewGuid().ToString("N")[..12] }));

    private static SuggestionJob NewJob() => new()
    {
        Id = SuggestionJob.NewId(),
        Attempt = SuggestionJob.NewAttempt(),
        Status = SuggestionStatus.Running,
        CreatedAt = At,
        LiveModelVersion = "live-1",
        Options = new SuggestionOptions(),
    };

    private static SuggestionPage Page(SuggestionJob job, int number, IReadOnlyList<ScoredOutcome> evidence, OutcomeCursor? next) =>
        new(job.Id, job.Attempt, number, evidence, Skipped: number, next, LeadsThrough: number * 100, NextEnqueued: false);

    /// <summary>Leads with every kind of evidence; values of <paramref name="valueLength"/> random characters when given.</summary>
    private static ScoredOutcome[] Evidence(int count, int seed, int valueLength = 0)
    {
        var random = new Random(seed);
        string Value(string plain) => valueLength == 0 ? plain : random.GetHexString(valueLength);
        return
        [
            .. Enumerable.Range(0, count).Select(n => new ScoredOutcome(
                random.GetHexString(32, lowercase: true),
                n % 3 == 0,
                n % 7 == 0 ? FeatureRow.Empty : new FeatureRow([1, 5, 40], [1, random.NextDouble() * 3, 0.125]),
                n * 1.25m)
            {
                OutcomeAt = At.AddMinutes(-n),
                LiveFit = n * 0.5m,
                LiveEngagement = n * 0.75m,
                Bant = new BantStatus(n % 2 == 0, n % 3 == 0, true, n % 5 == 0),
                HighIntent = n % 4 == 0,
                Fields = [new CapturedValue("utm_source", Value("reference")), new CapturedValue("jobTitleWord", "Straße")],
                Events =
                [
                    new EventFeature("Page Viewed", null, null),
                    new EventFeature("Page Viewed", "path", Value("/customers")),
                    new EventFeature("Webinar Attended", "webinarId", "w-" + n.ToString(CultureInfo.InvariantCulture)),
                ],
            }),
        ];
    }

    /// <summary>A page as comparable text (the records hold lists, which compare by reference).</summary>
    private static string Text(SuggestionPage page) => string.Join(
        '\n',
        new[] { $"{page.JobId} {page.Attempt} {page.Number} {page.Skipped} {page.Next} {page.LeadsThrough} {page.NextEnqueued}" }
            .Concat(page.Evidence.Select(o => string.Join(
                ' ',
                o.LeadId,
                o.Won,
                o.OutcomeAt.UtcTicks,
                o.LiveScore,
                o.LiveFit,
                o.LiveEngagement,
                o.Bant,
                o.HighIntent,
                string.Join(',', o.Activations.Indexes),
                string.Join(',', o.Activations.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
                string.Join(',', o.Fields),
                string.Join(',', o.Events)))));
}
