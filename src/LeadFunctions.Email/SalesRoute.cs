using System.ComponentModel.DataAnnotations;
using LeadFunctions.Leads;

namespace LeadFunctions.Email;

/// <summary>A routing rule: every condition that is set must match; a route without conditions matches every lead.</summary>
public sealed class SalesRoute
{
    /// <summary>Comma-separated country codes or names as leads give them, compared ignoring case, e.g. "DE,AT,CH".</summary>
    public string? Countries { get; set; }

    /// <summary>At least this many employees; a lead without a company size does not match.</summary>
    public int? MinCompanySize { get; set; }

    /// <summary>At most this many employees; a lead without a company size does not match.</summary>
    public int? MaxCompanySize { get; set; }

    public string Recipient { get; set; } = string.Empty;

    internal bool HasConditions => !string.IsNullOrWhiteSpace(Countries) || MinCompanySize is not null || MaxCompanySize is not null;

    internal IEnumerable<string> CountryList =>
        (Countries ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool Matches(LeadProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!string.IsNullOrWhiteSpace(Countries))
        {
            var country = profile.Country?.Trim();
            if (string.IsNullOrEmpty(country) || !CountryList.Contains(country, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        if (MinCompanySize is { } min && (profile.CompanySize is not { } size || size < min))
        {
            return false;
        }

        return MaxCompanySize is not { } max || (profile.CompanySize is { } known && known <= max);
    }
}
