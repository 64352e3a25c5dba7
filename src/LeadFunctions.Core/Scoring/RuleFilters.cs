using System.Buffers;
using System.Text;

namespace LeadFunctions.Scoring;

/// <summary>
/// The engagement rules' filters, prepared once per model so that matching an event reads each of its properties
/// once: rules of one event type usually filter on the same property (four "Page Viewed" rules on <c>path</c>), but
/// each rule's name is its own string instance, read from its own place in the document.
/// </summary>
internal static class RuleFilters
{
    /// <summary>
    /// Per rule (same index), its filters in order, each naming its property with the one instance shared by every
    /// filter whose property is spelled the same (ordinal: events may tell "Path" from "path").
    /// </summary>
    public static PropertyFilter[][] SharePropertyNames(IReadOnlyList<EngagementRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var where = new PropertyFilter[rules.Count][];
        for (var r = 0; r < rules.Count; r++)
        {
            var filters = rules[r].Where;
            where[r] = new PropertyFilter[filters.Count];
            for (var f = 0; f < filters.Count; f++)
            {
                var filter = filters[f];
                if (!names.TryGetValue(filter.Property, out var shared))
                {
                    names.Add(filter.Property, filter.Property);
                    shared = filter.Property;
                }

                where[r][f] = ReferenceEquals(shared, filter.Property) ? filter : filter with { Property = shared };
            }
        }

        return where;
    }

    /// <summary>
    /// Per rule and filter (same indexes as <paramref name="where"/>), a prepared search for a <c>contains</c> filter
    /// whose text is ASCII, or null. <c>string.Contains</c> with <see cref="StringComparison.OrdinalIgnoreCase"/> takes
    /// the invariant-globalization casing path char by char (about 17 ns a call here, measured); for an ASCII text in
    /// an ASCII value, ordinal ignore-case is ASCII case folding, which the prepared search does vectorized.
    /// </summary>
    public static SearchValues<string>?[][] AsciiContains(PropertyFilter[][] where)
    {
        ArgumentNullException.ThrowIfNull(where);
        return [.. where.Select(filters => filters.Select(filter =>
            filter is { EqualTo: null, Contains: { Length: > 0 } text } && Ascii.IsValid(text)
                ? SearchValues.Create([text], StringComparison.OrdinalIgnoreCase)
                : null).ToArray())];
    }

    /// <summary>
    /// Whether <paramref name="value"/> passes <paramref name="filter"/>, as <see cref="PropertyFilter.Matches"/>
    /// decides: with its prepared ASCII search when it has one and the value is ASCII too (where both agree exactly).
    /// </summary>
    public static bool Matches(PropertyFilter filter, SearchValues<string>? asciiContains, string? value) =>
        asciiContains is not null && value is not null && Ascii.IsValid(value)
            ? value.AsSpan().ContainsAny(asciiContains)
            : filter.Matches(value);
}
