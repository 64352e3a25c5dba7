namespace LeadFunctions.Reporting;

/// <summary>The rows of a funnel report (<c>by=</c>).</summary>
public enum FunnelGrouping
{
    /// <summary>Cohorts by the week the leads were created: a row per week, and how many of them entered each stage since.</summary>
    Week = 0,

    /// <summary>Cohorts by the month the leads were created.</summary>
    Month = 1,

    /// <summary>A row per attribution source (utm_source): entries into each stage in the period.</summary>
    Source = 2,

    /// <summary>A row per campaign (utm_campaign).</summary>
    Campaign = 3,

    /// <summary>A row per grade at the time of the entry.</summary>
    Grade = 4,
}
