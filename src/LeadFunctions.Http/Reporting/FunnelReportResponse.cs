using System.Globalization;
using LeadFunctions.Reporting;

namespace LeadFunctions.Http.Reporting;

/// <summary>
/// The JSON of <c>GET /api/reports/funnel</c>: the period and grouping as asked, then the report, with the events machines
/// made that rescores in the period left out of the scores (<c>ignoredMachineEvents</c>: <c>total</c>, <c>byRule</c>).
/// </summary>
public sealed record FunnelReportResponse(
    string From,
    string To,
    string By,
    IReadOnlyList<FunnelStageRow> Stages,
    IReadOnlyList<FunnelTimeToStage> TimeToStage,
    long SlaOverdue,
    FunnelMachineEvents IgnoredMachineEvents,
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
            report.MachineEvents,
            report.Groups);
    }
}
