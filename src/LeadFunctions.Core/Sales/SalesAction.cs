namespace LeadFunctions.Sales;

/// <summary>One thing sales did with a lead, as the page or the status API reports it (already validated).</summary>
/// <param name="Kind">Accept, reject, recycle, won or lost.</param>
/// <param name="Actor">Who: the inbox the hand-off link went to, or the status API's actor.</param>
/// <param name="OccurredAt">When it happened.</param>
public sealed record SalesAction(SalesActionKind Kind, string Actor, DateTimeOffset OccurredAt)
{
    /// <summary>The reason as configured (reject, recycle and lost), or a free reason for won.</summary>
    public string? Reason { get; init; }

    /// <summary>Optional note, at most <see cref="SalesOptions.MaxNoteLength"/> characters.</summary>
    public string? Note { get; init; }

    /// <summary>The hand-off the action answers (the page's link); null from the status API.</summary>
    public string? HandoffId { get; init; }

    /// <summary>
    /// The lead as the page that posted the action showed it (its form's anti-forgery value covers it); null from the status
    /// API. An action that would change a lead that moved on since is not applied (<see cref="SalesTransitionOutcome.Stale"/>).
    /// </summary>
    public HandoffPageState? SeenState { get; init; }
}
