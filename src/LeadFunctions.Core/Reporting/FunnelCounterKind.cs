namespace LeadFunctions.Reporting;

/// <summary>
/// What a funnel counter counts. Each kind is read as a range of days on its own, so a report reads only the kinds it
/// shows. The numbers are stored; never renumber them.
/// </summary>
public enum FunnelCounterKind
{
    /// <summary>Leads that entered a stage on a day.</summary>
    Stage = 0,

    /// <summary>Leads that entered a stage on a day, that many whole days after entering the stage before it.</summary>
    Days = 1,

    /// <summary>Hand-offs whose SLA ran out unanswered on a day (their reminder became due).</summary>
    SlaOverdue = 2,

    /// <summary>Leads of an attribution source (utm_source) that entered a stage on a day.</summary>
    Source = 3,

    /// <summary>Leads of a campaign (utm_campaign) that entered a stage on a day.</summary>
    Campaign = 4,

    /// <summary>Leads of a grade (at the time of the entry) that entered a stage on a day.</summary>
    Grade = 5,

    /// <summary>Leads created in a week (the day is its Monday) that have entered a stage, whenever they did.</summary>
    CohortWeek = 6,

    /// <summary>Leads created in a month (the day is its first) that have entered a stage, whenever they did.</summary>
    CohortMonth = 7,

    /// <summary>
    /// Events machines made (mail privacy proxies, mail scanners, bots) that a rescore on a day first left out of a lead's
    /// score; the group is the machine rule (<see cref="Engagement.MachineRule"/>).
    /// </summary>
    MachineEvents = 8,
}
