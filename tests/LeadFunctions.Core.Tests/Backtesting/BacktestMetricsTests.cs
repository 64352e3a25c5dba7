using LeadFunctions.Backtesting;

namespace LeadFunctions.Core.Tests.Backtesting;

public sealed class BacktestMetricsTests
{
    /// <summary>
    /// Won: 90 (A, SQL), 30 (C). Not won: 85 (A, SQL), 10 (D), -5 (D). AUC: 90 beats all three, 30 beats two: 5 of 6.
    /// </summary>
    private static OutcomeTally FiveLeads()
    {
        var tally = new OutcomeTally();
        tally.Add(90, "A", reachedSql: true, won: true);
        tally.Add(30, "C", reachedSql: false, won: true);
        tally.Add(85, "A", reachedSql: true, won: false);
        tally.Add(10, "D", reachedSql: false, won: false);
        tally.Add(-5, "D", reachedSql: false, won: false);
        return tally;
    }

    [Fact]
    public void Computes_auc_recall_precision_and_sqls_per_week_from_the_tally()
    {
        var tally = FiveLeads();

        var metrics = BacktestMetrics.Compute(tally, tally, weeks: 2);

        Assert.Equal(0.8333, metrics.Auc);
        Assert.Equal(2, metrics.Sqls);
        Assert.Equal(0.5, metrics.SqlRecall);
        Assert.Equal(0.5, metrics.SqlPrecision);
        Assert.Equal(1, metrics.SqlsPerWeek);
    }

    [Fact]
    public void Lift_of_the_top_decile_is_its_win_rate_over_the_overall_win_rate()
    {
        // Top 10% of 5 leads is one lead (rounded up): the 90, won. Overall 2 of 5 won: lift 1 / 0.4.
        var metrics = BacktestMetrics.Compute(FiveLeads(), FiveLeads(), weeks: 1);

        Assert.Equal(1, metrics.TopDecileWinRate);
        Assert.Equal(2.5, metrics.TopDecileLift);
    }

    [Fact]
    public void Win_rates_per_grade_and_per_band_list_every_band_in_order()
    {
        var metrics = BacktestMetrics.Compute(FiveLeads(), FiveLeads(), weeks: 1);

        Assert.Equal(
            [new RateRow("A", 2, 1, 0.5), new RateRow("C", 1, 1, 1), new RateRow("D", 2, 0, 0)],
            metrics.ByGrade);
        Assert.Equal(
            [
                new RateRow("below 0", 1, 0, 0),
                new RateRow("0-20", 1, 0, 0),
                new RateRow("21-40", 1, 1, 1),
                new RateRow("41-60", 0, 0, null),
                new RateRow("61-80", 0, 0, null),
                new RateRow("81-100", 2, 1, 0.5),
                new RateRow("above 100", 0, 0, null),
            ],
            metrics.ByScoreBand);
    }

    [Theory]
    [InlineData("-0.01", "below 0")]
    [InlineData("0", "0-20")]
    [InlineData("20", "0-20")]
    [InlineData("20.01", "21-40")]
    [InlineData("40", "21-40")]
    [InlineData("100", "81-100")]
    [InlineData("100.01", "above 100")]
    public void A_band_holds_the_scores_above_the_previous_band_up_to_its_own_bound(string score, string band)
    {
        Assert.Equal(band, ScoreBand.Of(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)).Name);
    }

    [Fact]
    public void Calibration_compares_each_band_with_the_expected_win_rate_and_weighs_the_error_by_leads()
    {
        // Expected (the live model's bands): 81-100 won 1 of 1, 21-40 won 0 of 1.
        var expected = new OutcomeTally();
        expected.Add(95, "A", reachedSql: true, won: true);
        expected.Add(25, "C", reachedSql: false, won: false);

        var metrics = BacktestMetrics.Compute(FiveLeads(), expected, weeks: 1);

        Assert.Contains(new CalibrationRow("81-100", 2, 1, 0.5), metrics.Calibration);
        Assert.Contains(new CalibrationRow("21-40", 1, 0, 1), metrics.Calibration);
        Assert.Contains(new CalibrationRow("0-20", 1, null, 0), metrics.Calibration);
        // (2 leads x 0.5 + 1 lead x 1) / 3 leads; the bands without an expectation are left out.
        Assert.Equal(0.6667, metrics.CalibrationError);
    }

    [Fact]
    public void A_model_compared_with_itself_is_perfectly_calibrated()
    {
        var metrics = BacktestMetrics.Compute(FiveLeads(), FiveLeads(), weeks: 1);

        Assert.Equal(0, metrics.CalibrationError);
    }

    [Fact]
    public void Empty_classes_give_no_rates_rather_than_zeros()
    {
        var tally = new OutcomeTally();
        tally.Add(10, "D", reachedSql: false, won: false);

        var metrics = BacktestMetrics.Compute(tally, tally, weeks: 1);

        Assert.Null(metrics.Auc);
        Assert.Null(metrics.SqlRecall);
        Assert.Null(metrics.SqlPrecision);
        Assert.Null(metrics.TopDecileLift);
    }

    [Fact]
    public void Weeks_span_the_outcomes_and_are_at_least_one()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(3, BacktestMetrics.Weeks(start, start.AddDays(21)));
        Assert.Equal(1, BacktestMetrics.Weeks(start, start.AddDays(2)));
        Assert.Equal(1, BacktestMetrics.Weeks(null, null));
    }

    [Fact]
    public void Thin_data_is_warned_about_with_einsteins_minimums()
    {
        Assert.Equal(2, BacktestReport.Warnings(999, new ClassCounts(119, 880)).Count);
        Assert.Empty(BacktestReport.Warnings(1_000, new ClassCounts(120, 880)));
        Assert.Contains(BacktestReport.Warnings(5_000, new ClassCounts(0, 5_000)), w => w.Contains("AUC", StringComparison.Ordinal));
    }

    [Fact]
    public void Page_aggregates_merge_into_the_aggregate_of_all_leads()
    {
        var first = new BacktestAggregate { Leads = 2, Skipped = 1 };
        first.LiveAtOutcome.Add(90, "A", reachedSql: true, won: true);
        first.LiveAtOutcome.Add(10, "D", reachedSql: false, won: false);
        var second = new BacktestAggregate { Leads = 1 };
        second.LiveAtOutcome.Add(30, "C", reachedSql: true, won: false);

        var total = BacktestAggregate.Combine([first, second]);

        Assert.Equal(3, total.Leads);
        Assert.Equal(1, total.Skipped);
        Assert.Equal(new ClassCounts(1, 1), total.LiveAtOutcome.Sql);
        Assert.Equal(new ClassCounts(1, 2), total.LiveAtOutcome.Scores.Totals);
        Assert.Equal(new ClassCounts(0, 1), total.LiveAtOutcome.Grades["C"]);
    }
}
