using LeadFunctions.Leads;
using LeadFunctions.Reporting;

namespace LeadFunctions.Core.Tests.Reporting;

public sealed class FunnelReportBuilderTests
{
    private static readonly DateOnly Day = new(2026, 11, 10);
    private static readonly FunnelQuery November = new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), FunnelGrouping.Source);

    [Fact]
    public void Next_step_and_cumulative_conversion_follow_the_path_and_stages_off_it_have_none()
    {
        var report = Build(November, stages: [Entered(LeadStage.Lead, 100), Entered(LeadStage.MQL, 40), Entered(LeadStage.SQL, 10),
            Entered(LeadStage.SAL, 6), Entered(LeadStage.Won, 2), Entered(LeadStage.Lost, 3)]);

        var rows = report.Stages.ToDictionary(row => row.Stage);
        Assert.Equal(LeadStages.All, report.Stages.Select(row => row.Stage));
        Assert.Equal(new FunnelStageRow(LeadStage.Lead, 100, 0.4m, 1m), rows[LeadStage.Lead]);
        Assert.Equal(new FunnelStageRow(LeadStage.MQL, 40, 0.25m, 0.4m), rows[LeadStage.MQL]);
        Assert.Equal(new FunnelStageRow(LeadStage.SQL, 10, 0.6m, 0.1m), rows[LeadStage.SQL]);
        Assert.Equal(new FunnelStageRow(LeadStage.SAL, 6, 0.3333m, 0.06m), rows[LeadStage.SAL]);
        Assert.Equal(new FunnelStageRow(LeadStage.Won, 2, null, 0.02m), rows[LeadStage.Won]);
        Assert.Equal(new FunnelStageRow(LeadStage.Lost, 3, null, null), rows[LeadStage.Lost]);
        Assert.Equal(new FunnelStageRow(LeadStage.Recycled, 0, null, null), rows[LeadStage.Recycled]);
    }

    [Fact]
    public void A_rate_over_zero_entries_is_null_not_an_error()
    {
        var report = Build(November, stages: [Entered(LeadStage.MQL, 3)]);

        var rows = report.Stages.ToDictionary(row => row.Stage);
        Assert.Equal(new FunnelStageRow(LeadStage.Lead, 0, null, null), rows[LeadStage.Lead]);
        Assert.Equal(new FunnelStageRow(LeadStage.MQL, 3, 0m, null), rows[LeadStage.MQL]);
        Assert.Equal(new FunnelStageRow(LeadStage.SQL, 0, null, null), rows[LeadStage.SQL]);
        Assert.Null(FunnelReportBuilder.Rate(5, 0));
        Assert.Equal(0.6667m, FunnelReportBuilder.Rate(2, 3));
    }

    [Fact]
    public void Median_and_90th_percentile_are_nearest_ranks_of_the_day_histogram()
    {
        var report = Build(November, durations: [Took(LeadStage.MQL, 1, 5), Took(LeadStage.MQL, 2, 3), Took(LeadStage.MQL, 10, 2),
            Took(LeadStage.SQL, 4, 1), Took(LeadStage.SQL, 7, 1)]);

        var times = report.TimeToStage.ToDictionary(row => row.To);
        Assert.Equal(new FunnelTimeToStage(LeadStage.Lead, LeadStage.MQL, 10, 1, 10), times[LeadStage.MQL]);
        Assert.Equal(new FunnelTimeToStage(LeadStage.MQL, LeadStage.SQL, 2, 4, 7), times[LeadStage.SQL]);
        Assert.Equal(new FunnelTimeToStage(LeadStage.SQL, LeadStage.SAL, 0, null, null), times[LeadStage.SAL]);
        Assert.Equal([LeadStage.MQL, LeadStage.SQL, LeadStage.SAL, LeadStage.Won], report.TimeToStage.Select(row => row.To));
    }

    [Theory]
    [InlineData(new long[] { 0, 0, 0, 0, 0, 0, 0, 3 }, 0.5, 7)]
    [InlineData(new long[] { 7 }, 0.5, 0)]
    [InlineData(new long[] { 1, 1 }, 0.5, 0)]
    [InlineData(new long[] { 1, 1 }, 0.9, 1)]
    [InlineData(new long[] { 0, 0, 9, 1 }, 0.9, 2)]
    [InlineData(new long[] { 0, 0, 9, 1 }, 0.91, 3)]
    public void Percentiles_of_whole_days(long[] countPerDay, double fraction, int expected)
    {
        var histogram = countPerDay.Select((count, days) => (days, count)).ToDictionary(bucket => bucket.days, bucket => bucket.count);

        Assert.Equal(expected, DayPercentiles.Of(histogram, fraction));
    }

    [Fact]
    public void Percentiles_of_nothing_are_null()
    {
        Assert.Null(DayPercentiles.Of(new Dictionary<int, long>(), 0.5));
        Assert.Null(DayPercentiles.Of(new Dictionary<int, long> { [3] = 0 }, 0.9));
    }

    [Fact]
    public void Shards_are_summed_and_days_outside_the_period_left_out()
    {
        var report = Build(
            November,
            stages:
            [
                Entered(LeadStage.Lead, 2),
                Entered(LeadStage.Lead, 3),
                new(new(FunnelCounterKind.Stage, new DateOnly(2026, 12, 1), LeadStage.Lead), 50),
            ],
            sla: [new(new(FunnelCounterKind.SlaOverdue, Day), 4), new(new(FunnelCounterKind.SlaOverdue, new DateOnly(2026, 10, 31)), 9)]);

        Assert.Equal(5, report.Stages[0].Entered);
        Assert.Equal(4, report.SlaOverdue);
    }

    [Fact]
    public void Groups_are_rows_with_the_most_leads_first()
    {
        var report = Build(November, groups:
        [
            new(new(FunnelCounterKind.Source, Day, LeadStage.Lead, "ads"), 2),
            new(new(FunnelCounterKind.Source, Day, LeadStage.Lead, "<script>"), 7),
            new(new(FunnelCounterKind.Source, Day, LeadStage.MQL, "<script>"), 1),
            new(new(FunnelCounterKind.Source, Day.AddDays(-30), LeadStage.Lead, "old"), 99),
        ]);

        Assert.Equal(["<script>", "ads"], report.Groups.Select(row => row.Group));
        Assert.Equal((7, 1, 0), (report.Groups[0].Entered["Lead"], report.Groups[0].Entered["MQL"], report.Groups[0].Entered["Won"]));
    }

    [Fact]
    public void Sixty_campaigns_make_fifty_named_rows_and_one_other_row_that_sums_the_ten_smallest()
    {
        var query = November with { By = FunnelGrouping.Campaign };
        var counts = Enumerable.Range(1, 60).SelectMany(i => new FunnelCount[]
        {
            new(new(FunnelCounterKind.Campaign, Day, LeadStage.Lead, $"c{i:D2}"), i),
            new(new(FunnelCounterKind.Campaign, Day, LeadStage.MQL, $"c{i:D2}"), 1),
        });

        var report = Build(query, groups: [.. counts]);

        Assert.Equal(FunnelReportBuilder.MaxNamedGroups + 1, report.Groups.Count);
        Assert.Equal(Enumerable.Range(11, 50).Reverse().Select(i => $"c{i:D2}"), report.Groups.Take(50).Select(row => row.Group));
        Assert.All(report.Groups.Take(50), row => Assert.Null(row.OtherGroups));
        var other = report.Groups[^1];
        Assert.Equal((FunnelReportBuilder.OtherGroup, 10), (other.Group, other.OtherGroups));
        Assert.Equal((55L, 10L, 0L), (other.Entered["Lead"], other.Entered["MQL"], other.Entered["Won"]));
    }

    [Fact]
    public void Fifty_groups_have_no_other_row()
    {
        var counts = Enumerable.Range(1, 50).Select(i => new FunnelCount(new(FunnelCounterKind.Source, Day, LeadStage.Lead, $"s{i}"), i));

        var report = Build(November, groups: [.. counts]);

        Assert.Equal(50, report.Groups.Count);
        Assert.DoesNotContain(report.Groups, row => row.OtherGroups is not null);
    }

    [Fact]
    public void Weekly_cohorts_are_a_row_per_week_empty_ones_too()
    {
        var query = new FunnelQuery(new DateOnly(2026, 11, 4), new DateOnly(2026, 11, 20), FunnelGrouping.Week);
        var report = Build(query, groups:
        [
            new(new(FunnelCounterKind.CohortWeek, new DateOnly(2026, 11, 2), LeadStage.Lead), 10),
            new(new(FunnelCounterKind.CohortWeek, new DateOnly(2026, 11, 2), LeadStage.Won), 1),
            new(new(FunnelCounterKind.CohortWeek, new DateOnly(2026, 11, 16), LeadStage.Lead), 4),
        ]);

        Assert.Equal(["2026-11-02", "2026-11-09", "2026-11-16"], report.Groups.Select(row => row.Group));
        Assert.Equal([10L, 0L, 4L], report.Groups.Select(row => row.Entered["Lead"]));
        Assert.Equal(1, report.Groups[0].Entered["Won"]);
    }

    [Fact]
    public void Monthly_cohorts_are_a_row_per_month()
    {
        var query = new FunnelQuery(new DateOnly(2026, 10, 15), new DateOnly(2026, 12, 1), FunnelGrouping.Month);
        var report = Build(query, groups: [new(new(FunnelCounterKind.CohortMonth, new DateOnly(2026, 11, 1), LeadStage.MQL), 3)]);

        Assert.Equal(["2026-10", "2026-11", "2026-12"], report.Groups.Select(row => row.Group));
        Assert.Equal(3, report.Groups[1].Entered["MQL"]);
    }

    [Fact]
    public void Machine_events_of_the_period_are_summed_in_all_and_per_rule()
    {
        var report = FunnelReportBuilder.Build(November, [], [], [], [],
        [
            Machine("after-delivery", Day, 7),
            Machine("after-delivery", Day.AddDays(1), 2),
            Machine("apple-mpp", Day, 5),
            Machine("link-burst", new DateOnly(2026, 10, 31), 40),
        ]);

        Assert.Equal(14, report.MachineEvents.Total);
        Assert.Equal(new Dictionary<string, long> { ["after-delivery"] = 9, ["apple-mpp"] = 5 }, report.MachineEvents.ByRule);
        Assert.Same(FunnelMachineEvents.None, Build(November).MachineEvents);
    }

    private static FunnelCount Machine(string rule, DateOnly day, long count) =>
        new(new FunnelCounter(FunnelCounterKind.MachineEvents, day, null, rule), count);

    private static FunnelCount Entered(LeadStage stage, long count) => new(new FunnelCounter(FunnelCounterKind.Stage, Day, stage), count);

    private static FunnelCount Took(LeadStage stage, int days, long count) =>
        new(new FunnelCounter(FunnelCounterKind.Days, Day, stage, days.ToString(System.Globalization.CultureInfo.InvariantCulture)), count);

    private static FunnelReport Build(
        FunnelQuery query,
        FunnelCount[]? stages = null,
        FunnelCount[]? durations = null,
        FunnelCount[]? sla = null,
        FunnelCount[]? groups = null) =>
        FunnelReportBuilder.Build(query, stages ?? [], durations ?? [], sla ?? [], groups ?? []);
}
