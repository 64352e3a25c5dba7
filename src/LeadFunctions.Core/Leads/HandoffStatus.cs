namespace LeadFunctions.Leads;

/// <summary>Where a hand-off email is in the outbox.</summary>
public enum HandoffStatus
{
    Pending = 0,
    Sending = 1,
    Sent = 2,
    Failed = 3,
}
