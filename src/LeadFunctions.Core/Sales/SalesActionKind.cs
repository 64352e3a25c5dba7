namespace LeadFunctions.Sales;

/// <summary>What sales can do with a lead (on the hand-off page or through the status API).</summary>
public enum SalesActionKind
{
    /// <summary>Sales takes the hand-off: the lead becomes a SAL.</summary>
    Accept = 0,

    /// <summary>Sales turns the hand-off down; the reason decides Recycled or Disqualified.</summary>
    Reject = 1,

    /// <summary>Back to nurture (status API: a CRM recycling a lead).</summary>
    Recycle = 2,

    /// <summary>The lead became a customer.</summary>
    Won = 3,

    /// <summary>The deal was lost, with a reason.</summary>
    Lost = 4,

    /// <summary>
    /// The lead will never buy, as a CRM export says (the outcome import): a fact recorded whatever the stage, unlike a
    /// reject, which answers a hand-off. The lead becomes Disqualified.
    /// </summary>
    Disqualify = 5,
}
