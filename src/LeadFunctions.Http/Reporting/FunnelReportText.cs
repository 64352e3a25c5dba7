using System.Globalization;
using LeadFunctions.Leads;
using LeadFunctions.Reporting;

namespace LeadFunctions.Http.Reporting;

/// <summary>How the funnel page words and measures its values: group names, rates, days, the bars' classes.</summary>
internal static class FunnelReportText
{
    public const string Brand = "funnel report";

    public static string Title(FunnelQuery query) => $"Funnel {Day(query.From)} to {Day(query.To)}";

    /// <summary>A group's name; the row that sums the groups past the first 50 says how many it holds.</summary>
    public static string GroupName(FunnelGroupRow row, FunnelGrouping by) => row.OtherGroups is { } count
        ? string.Create(CultureInfo.InvariantCulture, $"{row.Group}: {count} more {GroupNoun(by)}{(count == 1 ? "" : "s")}")
        : row.Group;

    public static string GroupNoun(FunnelGrouping by) => by switch
    {
        FunnelGrouping.Source => "source",
        FunnelGrouping.Campaign => "campaign",
        _ => "grade",
    };

    /// <summary>" (after-delivery 31, apple-mpp 22)": the machine events per rule, or nothing when there were none.</summary>
    public static string MachineRules(FunnelMachineEvents machine) => machine.Total == 0
        ? string.Empty
        : " (" + string.Join(", ", machine.ByRule.Select(rule => rule.Key + " " + rule.Value.ToString(CultureInfo.InvariantCulture))) + ")";

    public static string RatesText(FunnelStageRow row) => (row.NextStepRate, row.CumulativeRate) switch
    {
        (null, null) => string.Empty,
        (null, { } cumulative) => $"{Percent(cumulative)} of leads",
        ({ } next, null) => $"{Percent(next)} to next",
        ({ } next, { } cumulative) => $"{Percent(next)} to next · {Percent(cumulative)} of leads",
    };

    public static string BarClass(LeadStage stage) => stage switch
    {
        LeadStage.Won => "won",
        LeadStage.Lost or LeadStage.Disqualified => "out",
        LeadStage.Recycled => "side",
        _ => "path",
    };

    public static string GroupingText(FunnelGrouping by) => by switch
    {
        FunnelGrouping.Week => "Cohorts by creation week: leads created that week, and how many of them have entered each stage since",
        FunnelGrouping.Month => "Cohorts by creation month: leads created that month, and how many of them have entered each stage since",
        FunnelGrouping.Source => "By source (utm_source): entries into each stage in the period",
        FunnelGrouping.Campaign => "By campaign (utm_campaign): entries into each stage in the period",
        _ => "By grade at the time of entry: entries into each stage in the period",
    };

    public static string GroupHeader(FunnelGrouping by) => by switch
    {
        FunnelGrouping.Week => "Week of",
        FunnelGrouping.Month => "Month",
        FunnelGrouping.Source => "Source",
        FunnelGrouping.Campaign => "Campaign",
        _ => "Grade",
    };

    public static string Percent(decimal? rate) =>
        rate is { } value ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Days(int? days) => days is { } value ? value.ToString(CultureInfo.InvariantCulture) + " d" : "–";

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
