namespace LeadFunctions.Leads;

/// <summary>Where a lead came from (the first form that captured it; later fills do not overwrite it).</summary>
public sealed record LeadAttribution
{
    /// <summary>
    /// The longest <see cref="UtmSource"/> and <see cref="UtmCampaign"/> kept: they name funnel rows, and anonymous form
    /// posts send anything. A longer value is cut on capture (<see cref="CutGroupValue"/>).
    /// </summary>
    public const int MaxGroupValueLength = 100;

    /// <summary>The last character of a cut value ("…", U+2026): a value ending in it was longer when it was sent.</summary>
    public const char CutMarker = '\u2026';

    public static LeadAttribution None { get; } = new();

    public string? FormId { get; init; }

    public string? PageUrl { get; init; }

    /// <summary>utm_source, at most <see cref="MaxGroupValueLength"/> characters (ending in <see cref="CutMarker"/> when cut).</summary>
    public string? UtmSource { get; init; }

    public string? UtmMedium { get; init; }

    /// <summary>utm_campaign, at most <see cref="MaxGroupValueLength"/> characters (ending in <see cref="CutMarker"/> when cut).</summary>
    public string? UtmCampaign { get; init; }

    /// <summary>Marketing consent as given on the form, if asked.</summary>
    public bool? Consent { get; init; }

    /// <summary>
    /// A source or campaign as kept: unchanged up to <see cref="MaxGroupValueLength"/> characters; longer, its first 99
    /// characters (98 when the 99th would split a surrogate pair) and <see cref="CutMarker"/>.
    /// </summary>
    public static string? CutGroupValue(string? value)
    {
        if (value is null || value.Length <= MaxGroupValueLength)
        {
            return value;
        }

        var keep = MaxGroupValueLength - 1;
        if (char.IsHighSurrogate(value[keep - 1]))
        {
            keep--;
        }

        return string.Concat(value.AsSpan(0, keep), [CutMarker]);
    }
}
