using System.Globalization;
using Azure.Data.Tables;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Suggestions;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The rows of a suggestion job's partition in the Suggestions table: <c>job</c> (state, options, progress),
/// <c>page-{attempt}-{number}-00</c>… (each page: where the next page starts, and its evidence in binary columns,
/// <see cref="BinaryRows"/>) and <c>result-00</c>… (the answer's JSON, the same way).
/// </summary>
internal static class SuggestionEntityMapper
{
    public const string JobRow = "job";
    public const string ResultRowPrefix = "result-";

    /// <summary>The prefix of every page row of an attempt: <c>page-{attempt}-</c>.</summary>
    public static string PagesPrefix(string attempt) => "page-" + attempt + "-";

    /// <summary>The prefix of one page's rows: <c>page-{attempt}-{number:D9}-</c>.</summary>
    public static string PagePrefix(string attempt, int number) =>
        PagesPrefix(attempt) + number.ToString("D9", CultureInfo.InvariantCulture) + "-";

    public static TableEntity JobEntity(SuggestionJob job) => new(job.Id, JobRow)
    {
        ["Status"] = (int)job.Status,
        ["Attempt"] = job.Attempt,
        ["CreatedAt"] = job.CreatedAt,
        ["CompletedAt"] = job.CompletedAt,
        ["LiveModelVersion"] = job.LiveModelVersion,
        ["Options"] = SuggestionResults.SerializeOptions(job.Options),
        ["Pages"] = job.Progress.Pages,
        ["Leads"] = job.Progress.Leads,
        ["Skipped"] = job.Progress.Skipped,
        ["Stage"] = job.Progress.Stage?.ToString(),
        ["FailureReason"] = job.FailureReason,
    };

    public static SuggestionJob ToJob(TableEntity entity) => new()
    {
        Id = entity.PartitionKey,
        Attempt = entity.GetString("Attempt") ?? string.Empty,
        Status = (SuggestionStatus)(entity.GetInt32("Status") ?? 0),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        CompletedAt = entity.GetDateTimeOffset("CompletedAt"),
        LiveModelVersion = entity.GetString("LiveModelVersion") ?? string.Empty,
        Options = entity.GetString("Options") is { } options ? SuggestionResults.DeserializeOptions(options) : new SuggestionOptions(),
        Progress = new SuggestionProgress(
            entity.GetInt32("Pages") ?? 0,
            entity.GetInt64("Leads") ?? 0,
            entity.GetInt64("Skipped") ?? 0,
            Enum.TryParse<LeadStage>(entity.GetString("Stage"), out var stage) ? stage : null),
        FailureReason = entity.GetString("FailureReason"),
        ETag = entity.ETag.ToString(),
    };

    /// <summary>The page's rows: the first carries where the next page starts, every one a part of the evidence.</summary>
    public static List<TableEntity> PageEntities(SuggestionPage page)
    {
        var rows = BinaryRows.Write(page.JobId, PagePrefix(page.Attempt, page.Number), SuggestionEvidenceCodec.Encode(page.Evidence));
        var first = rows[0];
        first["Number"] = page.Number;
        first["Skipped"] = page.Skipped;
        first["NextStage"] = page.Next?.Stage.ToString();
        first["NextToken"] = page.Next?.ContinuationToken;
        first["LeadsThrough"] = page.LeadsThrough;
        first["NextEnqueued"] = page.NextEnqueued;
        return rows;
    }

    /// <summary>The page its rows (in key order) hold, or null when a row is missing.</summary>
    public static SuggestionPage? ToPage(string attempt, IReadOnlyList<TableEntity> rows)
    {
        if (BinaryRows.Read(rows) is not { } bytes)
        {
            return null;
        }

        var first = rows[0];
        var next = Enum.TryParse<LeadStage>(first.GetString("NextStage"), out var stage)
            ? new OutcomeCursor(stage, first.GetString("NextToken"))
            : null;
        return new SuggestionPage(
            first.PartitionKey,
            attempt,
            first.GetInt32("Number") ?? 0,
            SuggestionEvidenceCodec.Decode(bytes),
            first.GetInt32("Skipped") ?? 0,
            next,
            first.GetInt64("LeadsThrough") ?? 0,
            first.GetBoolean("NextEnqueued") ?? false);
    }
}
