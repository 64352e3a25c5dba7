using LeadFunctions.Leads;
using LeadFunctions.Modeling;

namespace LeadFunctions.Suggestions;

/// <summary>
/// One message on the suggestion queue: read page <see cref="Page"/> (1-based, counted across the outcome stages) of a
/// job's attempt, which starts at <see cref="Stage"/> and <see cref="ContinuationToken"/>; <see cref="LeadsBefore"/>
/// leads were read by the pages before it (for the progress).
/// </summary>
public sealed record SuggestionPageMessage(
    string JobId, string Attempt, LeadStage Stage, int Page, string? ContinuationToken, long LeadsBefore)
{
    public OutcomeCursor Cursor => new(Stage, ContinuationToken);

    /// <summary>The message of the first page of a job.</summary>
    public static SuggestionPageMessage First(SuggestionJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new(job.Id, job.Attempt, OutcomeCursor.First.Stage, 1, OutcomeCursor.First.ContinuationToken, 0);
    }

    /// <summary>The message of the page after <paramref name="page"/>, which starts at <paramref name="next"/>.</summary>
    public static SuggestionPageMessage After(SuggestionPage page, OutcomeCursor next)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(next);
        return new(page.JobId, page.Attempt, next.Stage, page.Number + 1, next.ContinuationToken, page.LeadsThrough);
    }
}
