namespace LeadFunctions.Leads;

/// <summary>Where a lead came from (the first form that captured it; later fills do not overwrite it).</summary>
public sealed record LeadAttribution
{
    public static LeadAttribution None { get; } = new();

    public string? FormId { get; init; }

    public string? PageUrl { get; init; }

    public string? UtmSource { get; init; }

    public string? UtmMedium { get; init; }

    public string? UtmCampaign { get; init; }

    /// <summary>Marketing consent as given on the form, if asked.</summary>
    public bool? Consent { get; init; }
}
