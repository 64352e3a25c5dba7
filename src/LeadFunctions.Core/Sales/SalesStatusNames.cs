namespace LeadFunctions.Sales;

/// <summary>
/// The status words of the API, the outcome import and the history (<c>accepted</c>, <c>rejected</c>, <c>recycled</c>,
/// <c>won</c>, <c>lost</c>, <c>disqualified</c>), one per <see cref="SalesActionKind"/>.
/// </summary>
public static class SalesStatusNames
{
    public static IReadOnlyList<string> All { get; } = ["accepted", "rejected", "recycled", "won", "lost", "disqualified"];

    public static string Of(SalesActionKind kind) => kind switch
    {
        SalesActionKind.Accept => "accepted",
        SalesActionKind.Reject => "rejected",
        SalesActionKind.Recycle => "recycled",
        SalesActionKind.Won => "won",
        SalesActionKind.Lost => "lost",
        SalesActionKind.Disqualify => "disqualified",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown sales action."),
    };

    /// <summary>The action a status word names (exact, lower case), or null.</summary>
    public static SalesActionKind? Parse(string? status) => status switch
    {
        "accepted" => SalesActionKind.Accept,
        "rejected" => SalesActionKind.Reject,
        "recycled" => SalesActionKind.Recycle,
        "won" => SalesActionKind.Won,
        "lost" => SalesActionKind.Lost,
        "disqualified" => SalesActionKind.Disqualify,
        _ => null,
    };
}
