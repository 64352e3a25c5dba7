using LeadFunctions.Engagement;
using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// Something a lead did before its outcome that rule discovery can turn into an engagement rule: an event type (any
/// event of it), or an event type with one property value: the first segment of a page's <c>path</c> ("/pricing" for
/// "/pricing/teams"), a <c>contentId</c> or a <c>webinarId</c>.
/// </summary>
/// <param name="EventType">The event's type, as sent.</param>
/// <param name="Property">null for the type alone; else <c>path</c>, <c>contentId</c> or <c>webinarId</c>.</param>
/// <param name="Value">The property's value (the path's first segment), compared ignoring case.</param>
public readonly record struct EventFeature(string EventType, string? Property, string? Value)
{
    /// <summary>The property read as a path prefix (its rule filter is <c>startsWith</c>).</summary>
    public const string PathProperty = "path";

    /// <summary>The properties read as values (their rule filters are <c>equals</c>).</summary>
    public static IReadOnlyList<string> ValueProperties { get; } = ["contentId", "webinarId"];

    /// <summary>The rule filter that matches this feature's events; none for a type alone.</summary>
    public IReadOnlyList<PropertyFilter> Filters => Property switch
    {
        null => [],
        PathProperty => [new PropertyFilter { Property = PathProperty, StartsWith = Value }],
        _ => [new PropertyFilter { Property = Property, EqualTo = Value }],
    };

    /// <summary>The distinct features of <paramref name="events"/> (the events a lead had by its outcome), in first-seen order.</summary>
    public static IReadOnlyList<EventFeature> Read(IReadOnlyList<EngagementEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var features = new List<EventFeature>();
        var seen = new HashSet<(string, string?, string?)>();
        void Add(string type, string? property, string? value)
        {
            if (seen.Add((type.ToUpperInvariant(), property, value?.ToUpperInvariant())))
            {
                features.Add(new EventFeature(type, property, value));
            }
        }

        foreach (var engagementEvent in events)
        {
            var type = engagementEvent.Type.Trim();
            if (type.Length is 0 or > CapturedFields.MaxValueLength)
            {
                continue;
            }

            Add(type, null, null);
            if (PathPrefix(engagementEvent.GetProperty(PathProperty)) is { } prefix)
            {
                Add(type, PathProperty, prefix);
            }

            foreach (var property in ValueProperties)
            {
                if (engagementEvent.GetProperty(property)?.Trim() is { Length: > 0 and <= CapturedFields.MaxValueLength } value)
                {
                    Add(type, property, value);
                }
            }
        }

        return features;
    }

    /// <summary>"/" and the first segment of a path ("/pricing" of "/pricing/teams?x=1"); null for the root or no path.</summary>
    public static string? PathPrefix(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var trimmed = path.Trim();
        var start = trimmed.StartsWith('/') ? 1 : 0;
        var end = trimmed.IndexOfAny(['/', '?', '#'], start);
        var segment = end < 0 ? trimmed[start..] : trimmed[start..end];
        return segment.Length is 0 or >= CapturedFields.MaxValueLength ? null : "/" + segment;
    }
}
