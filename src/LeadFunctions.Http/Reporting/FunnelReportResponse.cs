using System.Globalization;
using LeadFunctions.Reporting;

namespace LeadFunctions.Http.Reporting;

/// <summary>The JSON of <c>GET /api/reports/funnel</c>: the period and grouping as asked, then the report.</summary>
public sealed record FunnelReportResponse(
    string From,
    string To,
    string By,
    IReadOnlyList<FunnelStageRow> Stages,
    IReadOnlyList<FunnelTimeToStage> TimeToStage,
    long SlaOverdue,
    IReadOnlyList<FunnelGroupRow> Groups)
{
    public static FunnelReportResponse Of(FunnelReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new FunnelReportResponse(
            report.Query.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            report.Query.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            report.Query.By.ToString().ToLowerInvariant(),
            report.Stages,
            report.TimeToStage,
            report.SlaOverdue,
            report.Groups);
    }
}
