namespace LeadFunctions.Reporting;

/// <summary>
/// The funnel over a period: entries per stage with their conversion, time to each stage, SLA overdue, rows, and the
/// events machines made that were left out of the scores.
/// </summary>
public sealed record FunnelReport(
    FunnelQuery Query,
    IReadOnlyList<FunnelStageRow> Stages,
    IReadOnlyList<FunnelTimeToStage> TimeToStage,
    long SlaOverdue,
    IReadOnlyList<FunnelGroupRow> Groups)
{
    /// <summary>The events machines made that rescores in the period left out of the scores.</summary>
    public FunnelMachineEvents MachineEvents { get; init; } = FunnelMachineEvents.None;
}
