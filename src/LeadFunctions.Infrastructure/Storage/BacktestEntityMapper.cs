using System.Globalization;
using Azure.Data.Tables;
using LeadFunctions.Backtesting;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The rows of a backtest job's partition in the Backtests table: <c>job</c> (state, progress, results as chunked
/// JSON), <c>model-0000</c>... (the candidate model's JSON in pieces) and <c>page-000000001</c>... (each scored page's
/// tallies as chunked JSON, and where the next page starts).
/// </summary>
internal static class BacktestEntityMapper
{
    public const string JobRow = "job";
    public const string ModelRowPrefix = "model-";
    public const string PageRowPrefix = "page-";

    public static string ModelRow(int index) => ModelRowPrefix + index.ToString("D4", CultureInfo.InvariantCulture);

    public static string PageRow(int number) => PageRowPrefix + number.ToString("D9", CultureInfo.InvariantCulture);

    public static TableEntity JobEntity(BacktestJob job)
    {
        var entity = new TableEntity(job.Id, JobRow)
        {
            ["Status"] = (int)job.Status,
            ["CreatedAt"] = job.CreatedAt,
            ["CompletedAt"] = job.CompletedAt,
            ["LiveModelVersion"] = job.LiveModelVersion,
            ["CandidateModelVersion"] = job.CandidateModelVersion,
            ["Pages"] = job.Progress.Pages,
            ["Leads"] = job.Progress.Leads,
            ["Skipped"] = job.Progress.Skipped,
            ["Stage"] = job.Progress.Stage?.ToString(),
            ["FailureReason"] = job.FailureReason,
        };
        if (job.Results is { } results)
        {
            TextColumns.Write(entity, "Results", BacktestJson.Serialize(results));
        }

        return entity;
    }

    public static BacktestJob ToJob(TableEntity entity) => new()
    {
        Id = entity.PartitionKey,
        Status = (BacktestStatus)(entity.GetInt32("Status") ?? 0),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
        LiveModelVersion = entity.GetString("LiveModelVersion") ?? string.Empty,
        CandidateModelVersion = entity.GetString("CandidateModelVersion") ?? string.Empty,
        Progress = new BacktestProgress(
            entity.GetInt32("Pages") ?? 0,
            entity.GetInt64("Leads") ?? 0,
            entity.GetInt64("Skipped") ?? 0,
            Enum.TryParse<LeadStage>(entity.GetString("Stage"), out var stage) ? stage : null),
        FailureReason = entity.GetString("FailureReason"),
        Results = TextColumns.Read(entity, "Results") is { } json ? BacktestJson.Deserialize<BacktestResults>(json) : null,
        ETag = entity.ETag.ToString(),
    };

    public static IEnumerable<TableEntity> ModelEntities(string jobId, string json) =>
        TextColumns.Split(json).Select((part, index) => new TableEntity(jobId, ModelRow(index)) { ["Text"] = part });

    public static TableEntity PageEntity(BacktestPage page)
    {
        var entity = new TableEntity(page.JobId, PageRow(page.Number))
        {
            ["Number"] = page.Number,
            ["NextStage"] = page.Next?.Stage.ToString(),
            ["NextToken"] = page.Next?.ContinuationToken,
            ["LeadsThrough"] = page.LeadsThrough,
            ["NextEnqueued"] = page.NextEnqueued,
        };
        TextColumns.Write(entity, "Aggregate", BacktestJson.Serialize(page.Aggregate));
        return entity;
    }

    public static BacktestPage ToPage(TableEntity entity)
    {
        var next = Enum.TryParse<LeadStage>(entity.GetString("NextStage"), out var stage)
            ? new OutcomeCursor(stage, entity.GetString("NextToken"))
            : null;
        var aggregate = BacktestJson.Deserialize<BacktestAggregate>(TextColumns.Read(entity, "Aggregate") ?? "{}");
        return new BacktestPage(
            entity.PartitionKey,
            entity.GetInt32("Number") ?? 0,
            aggregate,
            next,
            entity.GetInt64("LeadsThrough") ?? 0,
            entity.GetBoolean("NextEnqueued") ?? false);
    }
}
