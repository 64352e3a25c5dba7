namespace LeadFunctions.Leads;

/// <summary>
/// Where a lead stands in the funnel. Lead, MQL and SQL follow from the scores; SAL, Won, Lost, Recycled and
/// Disqualified are set by sales (the hand-off page or the status API). Product qualification (PQL) is a flag beside
/// the stage. The numbers are stored; never renumber them.
/// </summary>
public enum LeadStage
{
    /// <summary>Has shown interest; needs nurturing.</summary>
    Lead = 0,

    /// <summary>Marketing qualified: fits and is engaged enough to warrant more nurturing.</summary>
    MQL = 1,

    /// <summary>Sales qualified: fits and shows intent to buy; handed to sales.</summary>
    SQL = 2,

    /// <summary>Sales accepted lead: sales agreed to work the SQL.</summary>
    SAL = 3,

    /// <summary>Became a customer (a fact from sales or the CRM).</summary>
    Won = 4,

    /// <summary>Sales worked it and lost it, with a reason.</summary>
    Lost = 5,

    /// <summary>Sent back to nurture by sales; qualifies again only after new engagement.</summary>
    Recycled = 6,

    /// <summary>Rejected by sales as never going to buy (not a fit, spam, a competitor...); never qualifies again by score.</summary>
    Disqualified = 7,
}
