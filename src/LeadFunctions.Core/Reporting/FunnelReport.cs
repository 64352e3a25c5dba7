namespace LeadFunctions.Reporting;

/// <summary>The funnel over a period: entries per stage with their conversion, time to each stage, SLA overdue, rows.</summary>
public sealed record FunnelReport(
    FunnelQuery Query,
    IReadOnlyList<FunnelStageRow> Stages,
    IReadOnlyList<FunnelTimeToStage> TimeToStage,
    long SlaOverdue,
    IReadOnlyList<FunnelGroupRow> Groups);
