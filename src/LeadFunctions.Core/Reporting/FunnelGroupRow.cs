namespace LeadFunctions.Reporting;

/// <summary>
/// A row of the report: a cohort (the first day of its week or month) or a source, campaign or grade, and per stage
/// (by name) how many of its leads entered it.
/// </summary>
public sealed record FunnelGroupRow(string Group, IReadOnlyDictionary<string, long> Entered)
{
    /// <summary>
    /// On the row named <see cref="FunnelReportBuilder.OtherGroup"/>, which sums the groups past the report's first
    /// <see cref="FunnelReportBuilder.MaxNamedGroups"/>: how many groups it holds. Null on every other row.
    /// </summary>
    public int? OtherGroups { get; init; }
}
