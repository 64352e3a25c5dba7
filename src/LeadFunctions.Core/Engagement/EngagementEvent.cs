namespace LeadFunctions.Engagement;

/// <summary>
/// Something a lead did, in Segment-style vocabulary ("Page Viewed", "Email Opened", "Demo Requested").
/// <see cref="EventId"/> is the provider's dedupe key: the same id is the same event, however often it arrives.
/// </summary>
public sealed record EngagementEvent
{
    private static readonly IReadOnlyDictionary<string, string> NoProperties =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public required string EventId { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Flat string properties used by rule filters (for example <c>path</c>, <c>emailId</c>, <c>feature</c>).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = NoProperties;

    /// <summary>Reads a property by name (case-insensitive), or null.</summary>
    public string? GetProperty(string name)
    {
        if (Properties.TryGetValue(name, out var value))
        {
            return value;
        }

        // Looked up ignoring case already: a miss is a miss.
        if (Properties is EventPropertyDictionary
            || (Properties is Dictionary<string, string> { Comparer: var comparer } && comparer.Equals(StringComparer.OrdinalIgnoreCase)))
        {
            return null;
        }

        foreach (var pair in Properties)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
