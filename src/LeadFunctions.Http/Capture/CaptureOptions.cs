namespace LeadFunctions.Http.Capture;

/// <summary>Settings of the public form route (section <c>Capture</c>).</summary>
public sealed class CaptureOptions
{
    public const string SectionName = "Capture";

    /// <summary>Form posts accepted per client IP per minute.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000, ErrorMessage = "Capture__RateLimitPerMinute must be between 1 and 100000.")]
    public int RateLimitPerMinute { get; set; } = 30;

    /// <summary>Landing-page origins allowed by CORS, comma-separated (never "*").</summary>
    public string AllowedOrigins { get; set; } = string.Empty;

    public IReadOnlyList<string> AllowedOriginList =>
        AllowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
