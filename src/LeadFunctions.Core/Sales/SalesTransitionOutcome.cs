namespace LeadFunctions.Sales;

/// <summary>What a sales action does to a lead.</summary>
public enum SalesTransitionOutcome
{
    /// <summary>The lead moves; the move is recorded in its stage history.</summary>
    Applied = 0,

    /// <summary>A repeat (double click, back button, replay): nothing changes; the answer is the current state.</summary>
    AlreadyInThatState = 1,

    /// <summary>Not possible from where the lead stands (HTTP 409): nothing changes.</summary>
    Refused = 2,

    /// <summary>
    /// The page that posted the action showed the lead in another state than it is in now (HTTP 409, reload the page):
    /// nothing changes.
    /// </summary>
    Stale = 3,

    /// <summary>
    /// The status API's external id was recorded before with another body (HTTP 409, naming the earlier status): nothing
    /// changes.
    /// </summary>
    ExternalIdReused = 4,

    /// <summary>
    /// An outcome older than the lead's latest outcome: kept in the stage history (it happened) without moving the lead.
    /// </summary>
    RecordedAsHistory = 5,
}
