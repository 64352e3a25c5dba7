using LeadFunctions.Leads;
using LeadFunctions.Modeling;

namespace LeadFunctions.Backtesting;

/// <summary>
/// One message on the backtest queue: score page <see cref="Page"/> (1-based, counted across the outcome stages) of a
/// job, which starts at <see cref="Stage"/> and <see cref="ContinuationToken"/>; <see cref="LeadsBefore"/> leads were
/// counted by the pages before it (for the progress).
/// </summary>
public sealed record BacktestPageMessage(string JobId, LeadStage Stage, int Page, string? ContinuationToken, long LeadsBefore)
{
    public OutcomeCursor Cursor => new(Stage, ContinuationToken);

    /// <summary>The message of the first page of a job.</summary>
    public static BacktestPageMessage First(string jobId) =>
        new(jobId, OutcomeCursor.First.Stage, 1, OutcomeCursor.First.ContinuationToken, 0);

    /// <summary>The message of the page after <paramref name="page"/>, which ends at <paramref name="next"/>.</summary>
    public static BacktestPageMessage After(BacktestPage page, OutcomeCursor next)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(next);
        return new(page.JobId, next.Stage, page.Number + 1, next.ContinuationToken, page.LeadsThrough);
    }
}
