namespace LeadFunctions.Visitors;

/// <summary>The answer to a lead's claim on a visitor: a visitor joins at most one lead, the first that claims it.</summary>
public enum VisitorClaim
{
    /// <summary>The visitor joined the lead now.</summary>
    Joined = 0,

    /// <summary>The visitor had joined this lead before (a retry, another device's form, a repeated identify).</summary>
    AlreadyJoined = 1,

    /// <summary>The visitor belongs to another lead: the claim is recorded on the claiming lead and changes nothing.</summary>
    JoinedToAnotherLead = 2,
}
