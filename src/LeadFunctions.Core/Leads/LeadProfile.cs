namespace LeadFunctions.Leads;

/// <summary>
/// Who a lead is: the fit evidence. Every field is optional except the email address, which identifies the lead.
/// Values are as captured (already normalized and bounded by the capture use case).
/// </summary>
public sealed record LeadProfile
{
    /// <summary>Normalized email address (lower-case, trimmed).</summary>
    public required string Email { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Company { get; init; }

    public string? JobTitle { get; init; }

    /// <summary>Number of employees.</summary>
    public int? CompanySize { get; init; }

    public string? Industry { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code, upper case, or a country name as given.</summary>
    public string? Country { get; init; }

    public string? Phone { get; init; }

    /// <summary>BANT budget: the stated budget as an amount in the model's currency.</summary>
    public decimal? Budget { get; init; }

    /// <summary>BANT timeline: months until the lead intends to buy.</summary>
    public int? TimelineMonths { get; init; }

    /// <summary>BANT need: the problem the lead states, in their words.</summary>
    public string? Need { get; init; }

    /// <summary>The domain part of <see cref="Email"/>, lower case.</summary>
    public string EmailDomain
    {
        get
        {
            var at = Email.LastIndexOf('@');
            return at < 0 ? string.Empty : Email[(at + 1)..].ToLowerInvariant();
        }
    }
}
