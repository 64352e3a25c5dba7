namespace LeadFunctions.Capture;

/// <summary>A landing-page form submission as received: every value is the raw text the form posted.</summary>
public sealed record LeadCaptureRequest
{
    public string? Email { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Company { get; init; }

    public string? JobTitle { get; init; }

    /// <summary>Employees: "250", "51-200", "1000+".</summary>
    public string? CompanySize { get; init; }

    public string? Industry { get; init; }

    public string? Country { get; init; }

    public string? Phone { get; init; }

    /// <summary>"50000", "50k", "$1.2m", "10k-50k".</summary>
    public string? Budget { get; init; }

    /// <summary>Months until purchase: "3", "3 months", "6 weeks", "1 year", "now".</summary>
    public string? Timeline { get; init; }

    /// <summary>The stated need (the form's need or message field).</summary>
    public string? Need { get; init; }

    public string? Consent { get; init; }

    public string? FormId { get; init; }

    public string? PageUrl { get; init; }

    public string? UtmSource { get; init; }

    public string? UtmMedium { get; init; }

    public string? UtmCampaign { get; init; }

    /// <summary>
    /// The anonymous visitor id of the browser that posted the form (a hidden field filled from the
    /// <c>ajs_anonymous_id</c> cookie, or the site's own first-party id): the visitor's earlier events join the lead.
    /// </summary>
    public string? AnonymousId { get; init; }

    /// <summary>The honeypot field: hidden from people, filled by bots. Must stay empty.</summary>
    public string? Honeypot { get; init; }
}
