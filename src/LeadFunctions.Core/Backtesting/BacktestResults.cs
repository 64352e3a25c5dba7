namespace LeadFunctions.Backtesting;

/// <summary>The report of a completed backtest: the data it ran on, its warnings, and both models' metrics.</summary>
public sealed record BacktestResults
{
    public required long Leads { get; init; }

    public required long Won { get; init; }

    public required long NotWon { get; init; }

    /// <summary>Leads at an outcome stage left out: no stage change records when the outcome was decided.</summary>
    public required long Skipped { get; init; }

    public DateTimeOffset? FirstOutcomeAt { get; init; }

    public DateTimeOffset? LastOutcomeAt { get; init; }

    /// <summary>The weeks the outcomes span (at least one), the divisor of SQLs per week.</summary>
    public required double Weeks { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public required ModelResults Live { get; init; }

    public required ModelResults Candidate { get; init; }
}
