namespace LeadFunctions.Leads;

/// <summary>Where a hand-off's SLA reminder is.</summary>
public enum ReminderStatus
{
    /// <summary>Planned; sent when due unless sales answers first.</summary>
    Pending = 0,

    /// <summary>Claimed by a run (with a lease).</summary>
    Sending = 1,

    /// <summary>The relay accepted it.</summary>
    Sent = 2,

    /// <summary>Every attempt failed; given up.</summary>
    Failed = 3,

    /// <summary>Sales accepted or rejected the hand-off (or the lead was handed off again) before it was due.</summary>
    NotNeeded = 4,
}
