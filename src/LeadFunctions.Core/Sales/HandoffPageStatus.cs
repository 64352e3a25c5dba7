namespace LeadFunctions.Sales;

/// <summary>How a request to the hand-off page ends.</summary>
public enum HandoffPageStatus
{
    /// <summary>The page, with the answer to the action when there was one (applied, repeated or refused).</summary>
    Ok = 0,

    /// <summary>The token was not signed by this app (403).</summary>
    Forged = 1,

    /// <summary>The token expired (410: ask for a new link).</summary>
    Expired = 2,

    /// <summary>The lead was erased (410, nothing about it shown).</summary>
    Gone = 3,

    /// <summary>
    /// The form was not one of the page's (wrong or missing anti-forgery value, unknown action or reason, note too long): 400.
    /// </summary>
    BadForm = 4,

    /// <summary>The lead changed since the page that posted the form was rendered (409: reload the page); nothing changes.</summary>
    Changed = 5,

    /// <summary>The form asks for an action the page does not offer at the lead's current stage (409); nothing changes.</summary>
    NotOffered = 6,
}
