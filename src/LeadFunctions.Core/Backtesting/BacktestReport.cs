using System.Globalization;

namespace LeadFunctions.Backtesting;

/// <summary>Turns the merged tallies of every page into the results of a backtest, with the warnings a reader needs.</summary>
public static class BacktestReport
{
    /// <summary>Einstein's minimum of converted leads for a model to be judged (and trained) on.</summary>
    public const int MinimumWon = 120;

    /// <summary>Einstein's minimum of leads.</summary>
    public const int MinimumLeads = 1_000;

    public static BacktestResults Build(BacktestAggregate total, string liveVersion, string candidateVersion)
    {
        ArgumentNullException.ThrowIfNull(total);
        var weeks = BacktestMetrics.Weeks(total.FirstOutcomeAt, total.LastOutcomeAt);
        var counts = total.LiveAtOutcome.Scores.Totals;
        var reference = total.LiveAtOutcome;
        return new BacktestResults
        {
            Leads = total.Leads,
            Won = counts.Won,
            NotWon = counts.NotWon,
            Skipped = total.Skipped,
            FirstOutcomeAt = total.FirstOutcomeAt,
            LastOutcomeAt = total.LastOutcomeAt,
            Weeks = Math.Round(weeks, 2),
            Warnings = Warnings(total.Leads, counts),
            Live = new ModelResults(
                liveVersion,
                BacktestMetrics.Compute(total.LiveAtOutcome, reference, weeks),
                BacktestMetrics.Compute(total.LiveNow, reference, weeks)),
            Candidate = new ModelResults(
                candidateVersion,
                BacktestMetrics.Compute(total.CandidateAtOutcome, reference, weeks),
                BacktestMetrics.Compute(total.CandidateNow, reference, weeks)),
        };
    }

    /// <summary>What makes the figures unreliable or undefined, in words a marketing team acts on.</summary>
    public static IReadOnlyList<string> Warnings(long leads, ClassCounts counts)
    {
        var warnings = new List<string>();
        if (counts.Won < MinimumWon)
        {
            warnings.Add(Invariant(
                $"Only {counts.Won} won leads: fewer than {MinimumWon} (Einstein's minimum) make these figures unreliable."));
        }

        if (leads < MinimumLeads)
        {
            warnings.Add(Invariant(
                $"Only {leads} leads with a known outcome: fewer than {MinimumLeads} make these figures unreliable."));
        }

        if (counts.Won == 0 || counts.NotWon == 0)
        {
            warnings.Add("AUC and lift need both won leads and leads not won; they are left out.");
        }

        return warnings;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
