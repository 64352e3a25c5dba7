namespace LeadFunctions.Sales;

/// <summary>The fields of an action form on the hand-off page, as posted (unchecked).</summary>
/// <param name="Action">accept, reject, won or lost.</param>
/// <param name="Verification">The form's anti-forgery value.</param>
/// <param name="Reason">The reason picked (reject and lost).</param>
/// <param name="Note">The optional note.</param>
public sealed record HandoffForm(string? Action, string? Verification, string? Reason, string? Note)
{
    /// <summary>The page's action names: the actions a rep has (recycle is the CRM's, through the status API).</summary>
    public static SalesActionKind? ParseAction(string? action) => action switch
    {
        "accept" => SalesActionKind.Accept,
        "reject" => SalesActionKind.Reject,
        "won" => SalesActionKind.Won,
        "lost" => SalesActionKind.Lost,
        _ => null,
    };

    public static string ActionName(SalesActionKind kind) => kind switch
    {
        SalesActionKind.Accept => "accept",
        SalesActionKind.Reject => "reject",
        SalesActionKind.Won => "won",
        SalesActionKind.Lost => "lost",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an action of the page."),
    };
}
