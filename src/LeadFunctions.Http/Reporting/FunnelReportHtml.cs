using System.Globalization;
using System.Text;
using LeadFunctions.Http.Sales;
using LeadFunctions.Leads;
using LeadFunctions.Reporting;
using LeadFunctions.Validation;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Http.Reporting;

/// <summary>
/// The funnel report as a page a sales or marketing manager reads: an inline SVG funnel (a bar per stage with its
/// count and rates), conversion, time to stage, SLA overdue and the cohort or group table. Inline CSS and SVG only (the
/// sales pages' layout and Content-Security-Policy), no script, every value HTML-encoded: group values are whatever
/// landing pages sent as utm parameters.
/// </summary>
internal static class FunnelReportHtml
{
    public const string Brand = "funnel report";

    private const int Width = 640;
    private const int LabelWidth = 110;
    private const int BarArea = 300;
    private const int RowHeight = 34;

    public static string Render(FunnelReport report)
    {
        var query = report.Query;
        var title = $"Funnel {Day(query.From)} to {Day(query.To)}";
        var body = new StringBuilder()
            .Append("<header class=\"card\">\n<h1>").Append(HtmlText.Encode(title)).Append("</h1>\n<p class=\"muted\">")
            .Append(HtmlText.Encode(GroupingText(query.By)))
            .Append(". Days are UTC; a lead counts once per stage, at its first entry.</p>\n")
            .Append("</header>\n");
        AppendFunnel(body, report);
        AppendConversion(body, report);
        AppendTimes(body, report);
        AppendGroups(body, report);
        body.Append("<footer>Next step: leads that entered the next stage / leads that entered this one. Cumulative: leads that ")
            .Append("entered this stage / leads that entered Lead. The same report as JSON: this address without format=html.</footer>\n");
        return SalesPageLayout.Document(title, body.ToString(), Brand, wide: true);
    }

    public static HtmlPageResult BadQuery(ValidationError error) => SalesPageLayout.Message(
        StatusCodes.Status400BadRequest,
        "This report cannot be shown",
        $"Query parameter '{error.Field}' {error.Message} Example: ?from=2026-11-01&to=2026-11-30&by=week&format=html",
        brand: Brand);

    public static HtmlPageResult Unavailable() => SalesPageLayout.Message(
        StatusCodes.Status503ServiceUnavailable,
        "Try again in a moment",
        "The report could not be read just now. Reload the page in a minute.",
        Protocol.StorageFaults.RetryAfter,
        Brand);

    /// <summary>A bar per stage, centred like a funnel, its width the stage's share of the largest count.</summary>
    private static void AppendFunnel(StringBuilder html, FunnelReport report)
    {
        var largest = Math.Max(1, report.Stages.Max(row => row.Entered));
        var height = report.Stages.Count * RowHeight;
        var summary = string.Join(", ", report.Stages.Select(row => $"{row.Stage} {row.Entered}"));
        html.Append("<section class=\"card\">\n<h2>Funnel</h2>\n")
            .Append(CultureInfo.InvariantCulture, $"<svg class=\"funnel\" viewBox=\"0 0 {Width} {height}\" ")
            .Append("role=\"img\" aria-labelledby=\"funnel-title\">")
            .Append("<title id=\"funnel-title\">").Append(HtmlText.Encode("Leads entering each stage: " + summary)).Append("</title>\n");
        for (var i = 0; i < report.Stages.Count; i++)
        {
            var row = report.Stages[i];
            var bar = Math.Max(2, (int)Math.Round(BarArea * (double)row.Entered / largest));
            var x = LabelWidth + ((BarArea - bar) / 2);
            var y = i * RowHeight;
            html.Append(CultureInfo.InvariantCulture, $"<g class=\"stage\" data-stage=\"{row.Stage}\">")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 21}\">{HtmlText.Encode(row.Stage.ToString())}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect class=\"{BarClass(row.Stage)}\" x=\"{x}\" y=\"{y + 4}\" ")
                .Append(CultureInfo.InvariantCulture, $"width=\"{bar}\" height=\"{RowHeight - 8}\" rx=\"4\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + BarArea + 12}\" y=\"{y + 21}\">")
                .Append(CultureInfo.InvariantCulture, $"<tspan class=\"count\">{row.Entered}</tspan>")
                .Append("<tspan class=\"rate\" dx=\"8\">").Append(HtmlText.Encode(RatesText(row))).Append("</tspan></text></g>\n");
        }

        html.Append("</svg>\n</section>\n");
    }

    private static void AppendConversion(StringBuilder html, FunnelReport report)
    {
        html.Append("<section class=\"card\">\n<h2>Conversion</h2>\n<div class=\"scroll\"><table>\n")
            .Append("<thead><tr><th>Stage</th><th class=\"num\">Entered</th><th class=\"num\">Next step</th>")
            .Append("<th class=\"num\">Cumulative</th></tr></thead>\n<tbody>\n");
        foreach (var row in report.Stages)
        {
            html.Append("<tr><td>").Append(HtmlText.Encode(HtmlText.StageName(row.Stage))).Append("</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{row.Entered}</td>")
                .Append("<td class=\"num\">").Append(Percent(row.NextStepRate)).Append("</td>")
                .Append("<td class=\"num\">").Append(Percent(row.CumulativeRate)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"sla\">SLA overdue: <b>{report.SlaOverdue}</b> hand-offs ")
            .Append("were neither accepted nor rejected in time.</p>\n")
            .Append("</section>\n");
    }

    private static void AppendTimes(StringBuilder html, FunnelReport report)
    {
        html.Append("<section class=\"card\">\n<h2>Time to stage</h2>\n<div class=\"scroll\"><table>\n")
            .Append("<thead><tr><th>Step</th><th class=\"num\">Leads</th><th class=\"num\">Median</th>")
            .Append("<th class=\"num\">90th percentile</th></tr></thead>\n<tbody>\n");
        foreach (var row in report.TimeToStage)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{row.From} → {row.To}</td><td class=\"num\">{row.Count}</td>")
                .Append("<td class=\"num\">").Append(Days(row.MedianDays)).Append("</td>")
                .Append("<td class=\"num\">").Append(Days(row.P90Days)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n")
            .Append("<p class=\"hint\">In whole days, from the first entry into the stage before.</p>\n</section>\n");
    }

    private static void AppendGroups(StringBuilder html, FunnelReport report)
    {
        html.Append("<section class=\"card groups\">\n<h2>").Append(HtmlText.Encode(GroupingText(report.Query.By))).Append("</h2>\n")
            .Append("<div class=\"scroll\"><table>\n<thead><tr><th>").Append(HtmlText.Encode(GroupHeader(report.Query.By))).Append("</th>");
        foreach (var stage in LeadStages.All)
        {
            html.Append("<th class=\"num\">").Append(HtmlText.Encode(stage.ToString())).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in report.Groups)
        {
            html.Append("<tr><td class=\"group-name\">").Append(HtmlText.Encode(GroupName(row, report.Query.By))).Append("</td>");
            foreach (var stage in LeadStages.All)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{row.Entered.GetValueOrDefault(stage.ToString())}</td>");
            }

            html.Append("</tr>\n");
        }

        if (report.Groups.Count == 0)
        {
            html.Append("<tr><td colspan=\"9\" class=\"muted\">No leads entered a stage in this period.</td></tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n</section>\n");
    }

    /// <summary>A group's name; the row that sums the groups past the first 50 says how many it holds.</summary>
    private static string GroupName(FunnelGroupRow row, FunnelGrouping by) => row.OtherGroups is { } count
        ? string.Create(CultureInfo.InvariantCulture, $"{row.Group}: {count} more {GroupNoun(by)}{(count == 1 ? "" : "s")}")
        : row.Group;

    private static string GroupNoun(FunnelGrouping by) => by switch
    {
        FunnelGrouping.Source => "source",
        FunnelGrouping.Campaign => "campaign",
        _ => "grade",
    };

    private static string RatesText(FunnelStageRow row) => (row.NextStepRate, row.CumulativeRate) switch
    {
        (null, null) => string.Empty,
        (null, { } cumulative) => $"{Percent(cumulative)} of leads",
        ({ } next, null) => $"{Percent(next)} to next",
        ({ } next, { } cumulative) => $"{Percent(next)} to next · {Percent(cumulative)} of leads",
    };

    private static string BarClass(LeadStage stage) => stage switch
    {
        LeadStage.Won => "won",
        LeadStage.Lost or LeadStage.Disqualified => "out",
        LeadStage.Recycled => "side",
        _ => "path",
    };

    private static string GroupingText(FunnelGrouping by) => by switch
    {
        FunnelGrouping.Week => "Cohorts by creation week: leads created that week, and how many of them have entered each stage since",
        FunnelGrouping.Month => "Cohorts by creation month: leads created that month, and how many of them have entered each stage since",
        FunnelGrouping.Source => "By source (utm_source): entries into each stage in the period",
        FunnelGrouping.Campaign => "By campaign (utm_campaign): entries into each stage in the period",
        _ => "By grade at the time of entry: entries into each stage in the period",
    };

    private static string GroupHeader(FunnelGrouping by) => by switch
    {
        FunnelGrouping.Week => "Week of",
        FunnelGrouping.Month => "Month",
        FunnelGrouping.Source => "Source",
        FunnelGrouping.Campaign => "Campaign",
        _ => "Grade",
    };

    private static string Percent(decimal? rate) =>
        rate is { } value ? (value * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–";

    private static string Days(int? days) => days is { } value ? value.ToString(CultureInfo.InvariantCulture) + " d" : "–";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
