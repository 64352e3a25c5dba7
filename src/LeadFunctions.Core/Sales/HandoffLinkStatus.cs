namespace LeadFunctions.Sales;

/// <summary>What a hand-off link's token turned out to be.</summary>
public enum HandoffLinkStatus
{
    /// <summary>Signed by one of the link secrets and not expired.</summary>
    Valid = 0,

    /// <summary>Not a token this app signed: wrong length or alphabet, tampered, or signed with another secret.</summary>
    Forged = 1,

    /// <summary>Signed by this app, but past its expiry.</summary>
    Expired = 2,
}
