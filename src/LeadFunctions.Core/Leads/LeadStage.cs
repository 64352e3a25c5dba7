namespace LeadFunctions.Leads;

/// <summary>Where a lead stands in the funnel. Product qualification (PQL) is a flag beside the stage.</summary>
public enum LeadStage
{
    /// <summary>Has shown interest; needs nurturing.</summary>
    Lead = 0,

    /// <summary>Marketing qualified: fits and is engaged enough to warrant more nurturing.</summary>
    MQL = 1,

    /// <summary>Sales qualified: fits and shows intent to buy; handed to sales.</summary>
    SQL = 2,
}
