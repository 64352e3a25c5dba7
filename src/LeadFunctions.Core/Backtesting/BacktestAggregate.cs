using LeadFunctions.Modeling;

namespace LeadFunctions.Backtesting;

/// <summary>
/// The partial result of a backtest over some leads (one page, or all pages merged): how many leads, the span of their
/// outcome times, and a <see cref="OutcomeTally"/> per model and scoring time. Merging is addition, so the pages can be
/// stored one by one as they are done and combined at the end whatever the order; a page replayed after a crash is
/// stored once under its number and counted once.
/// </summary>
public sealed class BacktestAggregate
{
    public int Leads { get; set; }

    /// <summary>Leads at an outcome stage whose outcome time no stage change records, or that moved on meanwhile.</summary>
    public int Skipped { get; set; }

    public DateTimeOffset? FirstOutcomeAt { get; set; }

    public DateTimeOffset? LastOutcomeAt { get; set; }

    public OutcomeTally LiveAtOutcome { get; init; } = new();

    public OutcomeTally LiveNow { get; init; } = new();

    public OutcomeTally CandidateAtOutcome { get; init; } = new();

    public OutcomeTally CandidateNow { get; init; } = new();

    /// <summary>Counts a lead's outcome; the caller adds the four scores to the tallies.</summary>
    public void AddOutcome(KnownOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        Leads++;
        FirstOutcomeAt = FirstOutcomeAt is { } first && first <= outcome.OutcomeAt ? first : outcome.OutcomeAt;
        LastOutcomeAt = LastOutcomeAt is { } last && last >= outcome.OutcomeAt ? last : outcome.OutcomeAt;
    }

    public void Merge(BacktestAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Leads += other.Leads;
        Skipped += other.Skipped;
        FirstOutcomeAt = Earliest(FirstOutcomeAt, other.FirstOutcomeAt);
        LastOutcomeAt = Latest(LastOutcomeAt, other.LastOutcomeAt);
        LiveAtOutcome.Merge(other.LiveAtOutcome);
        LiveNow.Merge(other.LiveNow);
        CandidateAtOutcome.Merge(other.CandidateAtOutcome);
        CandidateNow.Merge(other.CandidateNow);
    }

    /// <summary>The sum of <paramref name="pages"/>.</summary>
    public static BacktestAggregate Combine(IEnumerable<BacktestAggregate> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var total = new BacktestAggregate();
        foreach (var page in pages)
        {
            total.Merge(page);
        }

        return total;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a <= b ? a : b;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a >= b ? a : b;
}
