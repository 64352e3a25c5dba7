namespace LeadFunctions.Visitors;

/// <summary>
/// One retention run of the visitor store: visitors reviewed, events deleted (expired, or beyond the newest
/// <see cref="VisitorEvents.MaxPerVisitor"/>), and joined visitors found still holding events.
/// </summary>
public sealed record VisitorExpiry(int Visitors, int DeletedEvents, IReadOnlyList<JoinedVisitor> Unmoved)
{
    public static VisitorExpiry None { get; } = new(0, 0, []);
}
