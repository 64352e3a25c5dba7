namespace LeadFunctions.Sales;

/// <summary>The page to show, or why there is none.</summary>
public sealed record HandoffPageResult(HandoffPageStatus Status, HandoffPage? Page = null, string? Problem = null)
{
    public static HandoffPageResult Of(HandoffPageStatus status, string? problem = null) => new(status, null, problem);
}
