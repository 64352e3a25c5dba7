using System.Globalization;
using LeadFunctions.Leads;

namespace LeadFunctions.Reporting;

/// <summary>The report's arithmetic over counters already read: sums, conversion rates, percentiles, rows. Pure.</summary>
public static class FunnelReportBuilder
{
    /// <summary>Decimal places of a conversion rate (a fraction: 0.1234 is 12.34 %).</summary>
    public const int RateDecimals = 4;

    /// <summary>
    /// The most source, campaign or grade rows a report names: the groups with the most entries. Group values come from
    /// anonymous form posts, so a report's size must not grow with them.
    /// </summary>
    public const int MaxNamedGroups = 50;

    /// <summary>The row that sums every group past the first <see cref="MaxNamedGroups"/> (with their number).</summary>
    public const string OtherGroup = "(other)";

    public static FunnelReport Build(
        FunnelQuery query,
        IReadOnlyList<FunnelCount> stages,
        IReadOnlyList<FunnelCount> durations,
        IReadOnlyList<FunnelCount> slaOverdue,
        IReadOnlyList<FunnelCount> groups,
        IReadOnlyList<FunnelCount>? machineEvents = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(durations);
        ArgumentNullException.ThrowIfNull(slaOverdue);
        ArgumentNullException.ThrowIfNull(groups);
        var entered = SumByStage(stages.Where(count => InPeriod(query, count.Counter)));
        return new FunnelReport(
            query,
            StageRows(entered),
            TimesToStage(durations.Where(count => InPeriod(query, count.Counter))),
            slaOverdue.Where(count => InPeriod(query, count.Counter)).Sum(count => count.Count),
            query.By is FunnelGrouping.Week or FunnelGrouping.Month ? CohortRows(query, groups) : GroupRows(query, groups))
        {
            MachineEvents = MachineEvents(query, machineEvents ?? []),
        };
    }

    /// <summary>The machine events counted in the period, in all and per rule (by rule id, ordinal order).</summary>
    private static FunnelMachineEvents MachineEvents(FunnelQuery query, IReadOnlyList<FunnelCount> counts)
    {
        var byRule = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var count in counts.Where(count => InPeriod(query, count.Counter) && count.Counter.Group is not null))
        {
            byRule[count.Counter.Group!] = byRule.GetValueOrDefault(count.Counter.Group!) + count.Count;
        }

        return byRule.Count == 0 ? FunnelMachineEvents.None : new FunnelMachineEvents(byRule.Values.Sum(), byRule);
    }

    /// <summary>entered / of, rounded; null when <paramref name="of"/> is zero.</summary>
    public static decimal? Rate(long entered, long of) =>
        of == 0 ? null : Math.Round((decimal)entered / of, RateDecimals, MidpointRounding.AwayFromZero);

    private static bool InPeriod(FunnelQuery query, FunnelCounter counter) => counter.Day >= query.From && counter.Day <= query.To;

    private static Dictionary<LeadStage, long> SumByStage(IEnumerable<FunnelCount> counts)
    {
        var sums = LeadStages.All.ToDictionary(stage => stage, _ => 0L);
        foreach (var count in counts)
        {
            if (count.Counter.Stage is { } stage)
            {
                sums[stage] += count.Count;
            }
        }

        return sums;
    }

    private static List<FunnelStageRow> StageRows(Dictionary<LeadStage, long> entered)
    {
        var path = FunnelEntries.Path;
        return [.. LeadStages.All.Select(stage =>
        {
            var step = IndexOnPath(stage);
            decimal? next = step >= 0 && step + 1 < path.Count ? Rate(entered[path[step + 1]], entered[stage]) : null;
            decimal? cumulative = step >= 0 ? Rate(entered[stage], entered[LeadStage.Lead]) : null;
            return new FunnelStageRow(stage, entered[stage], next, cumulative);
        })];
    }

    private static int IndexOnPath(LeadStage stage)
    {
        var path = FunnelEntries.Path;
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i] == stage)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<FunnelTimeToStage> TimesToStage(IEnumerable<FunnelCount> durations)
    {
        var histograms = FunnelEntries.Path.Skip(1).ToDictionary(stage => stage, _ => new Dictionary<int, long>());
        foreach (var count in durations)
        {
            if (count.Counter.Stage is { } stage && histograms.TryGetValue(stage, out var histogram)
                && int.TryParse(count.Counter.Group, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            {
                histogram[days] = histogram.GetValueOrDefault(days) + count.Count;
            }
        }

        var path = FunnelEntries.Path;
        return [.. path.Skip(1).Select((stage, i) => new FunnelTimeToStage(
            path[i],
            stage,
            histograms[stage].Values.Sum(),
            DayPercentiles.Of(histograms[stage], 0.5),
            DayPercentiles.Of(histograms[stage], 0.9)))];
    }

    /// <summary>A row per week or month from the one holding the first day to the one holding the last, empty ones too.</summary>
    private static List<FunnelGroupRow> CohortRows(FunnelQuery query, IReadOnlyList<FunnelCount> groups)
    {
        var weekly = query.By == FunnelGrouping.Week;
        var rows = new List<FunnelGroupRow>();
        var first = weekly ? FunnelCounter.WeekOf(query.From) : FunnelCounter.MonthOf(query.From);
        for (var day = first; day <= query.To; day = weekly ? day.AddDays(7) : day.AddMonths(1))
        {
            var cohort = day;
            var sums = SumByStage(groups.Where(count => count.Counter.Day == cohort));
            var name = cohort.ToString(weekly ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture);
            rows.Add(new FunnelGroupRow(name, ByName(sums)));
        }

        return rows;
    }

    /// <summary>
    /// A row per group with an entry in the period, the most leads first (then the most entries, then by name): the first
    /// <see cref="MaxNamedGroups"/> by name, the rest summed into one <see cref="OtherGroup"/> row that says how many
    /// groups it holds.
    /// </summary>
    private static List<FunnelGroupRow> GroupRows(FunnelQuery query, IReadOnlyList<FunnelCount> groups)
    {
        var ranked = groups
            .Where(count => InPeriod(query, count.Counter) && count.Counter.Group is not null)
            .GroupBy(count => count.Counter.Group!, StringComparer.Ordinal)
            .Select(group => (Name: group.Key, Sums: SumByStage(group)))
            .OrderByDescending(group => group.Sums[LeadStage.Lead])
            .ThenByDescending(group => group.Sums.Values.Sum())
            .ThenBy(group => group.Name, StringComparer.Ordinal)
            .ToList();
        var rows = ranked.Take(MaxNamedGroups).Select(group => new FunnelGroupRow(group.Name, ByName(group.Sums))).ToList();
        if (ranked.Count > MaxNamedGroups)
        {
            var rest = ranked.Skip(MaxNamedGroups).ToList();
            var sums = LeadStages.All.ToDictionary(stage => stage, stage => rest.Sum(group => group.Sums[stage]));
            rows.Add(new FunnelGroupRow(OtherGroup, ByName(sums)) { OtherGroups = rest.Count });
        }

        return rows;
    }

    private static Dictionary<string, long> ByName(Dictionary<LeadStage, long> sums) =>
        LeadStages.All.ToDictionary(stage => stage.ToString(), stage => sums[stage], StringComparer.Ordinal);
}
