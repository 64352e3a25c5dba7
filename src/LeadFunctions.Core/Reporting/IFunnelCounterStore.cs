namespace LeadFunctions.Reporting;

/// <summary>
/// The port to the funnel's counters. The lead store writes them when it saves a stage change (see
/// <see cref="FunnelEntries"/>); this side reads them for reports and finishes what a crash left half done.
/// </summary>
public interface IFunnelCounterStore
{
    /// <summary>
    /// The counters of one kind whose day is in [<paramref name="firstDay"/>, <paramref name="lastDay"/>], read as ranges of
    /// counter rows (one request per month of days), never by reading leads: the cost grows with the days and groups
    /// asked for, not with the number of leads.
    /// </summary>
    Task<IReadOnlyList<FunnelCount>> ReadAsync(
        FunnelCounterKind kind,
        DateOnly firstDay,
        DateOnly lastDay,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies the entries a crash left saved with their lead but not yet counted, and removes the bookkeeping of
    /// saves that never happened. Idempotent; returns how many entries it applied.
    /// </summary>
    Task<int> CompletePendingAsync(DateTimeOffset now, CancellationToken cancellationToken = default);
}
