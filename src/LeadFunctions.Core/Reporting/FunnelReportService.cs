namespace LeadFunctions.Reporting;

/// <summary>
/// Builds the funnel report from the counters alone: five range reads (entries, durations, SLA, machine events, the rows'
/// kind), each one request per month of the period, whatever the number of leads.
/// </summary>
public sealed class FunnelReportService(IFunnelCounterStore counters)
{
    public async Task<FunnelReport> GetAsync(FunnelQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (kind, from) = query.By switch
        {
            FunnelGrouping.Week => (FunnelCounterKind.CohortWeek, FunnelCounter.WeekOf(query.From)),
            FunnelGrouping.Month => (FunnelCounterKind.CohortMonth, FunnelCounter.MonthOf(query.From)),
            FunnelGrouping.Source => (FunnelCounterKind.Source, query.From),
            FunnelGrouping.Campaign => (FunnelCounterKind.Campaign, query.From),
            _ => (FunnelCounterKind.Grade, query.From),
        };
        var stages = counters.ReadAsync(FunnelCounterKind.Stage, query.From, query.To, cancellationToken);
        var durations = counters.ReadAsync(FunnelCounterKind.Days, query.From, query.To, cancellationToken);
        var overdue = counters.ReadAsync(FunnelCounterKind.SlaOverdue, query.From, query.To, cancellationToken);
        var machine = counters.ReadAsync(FunnelCounterKind.MachineEvents, query.From, query.To, cancellationToken);
        var groups = counters.ReadAsync(kind, from, query.To, cancellationToken);
        await Task.WhenAll(stages, durations, overdue, machine, groups);
        return FunnelReportBuilder.Build(query, await stages, await durations, await overdue, await groups, await machine);
    }
}
