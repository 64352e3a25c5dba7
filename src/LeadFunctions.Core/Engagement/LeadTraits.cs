using LeadFunctions.Leads;

namespace LeadFunctions.Engagement;

/// <summary>Profile attributes that an event source reports (Segment identify traits); null means "not reported".</summary>
public sealed record LeadTraits
{
    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? Company { get; init; }

    public string? JobTitle { get; init; }

    public int? CompanySize { get; init; }

    public string? Industry { get; init; }

    public string? Country { get; init; }

    public string? Phone { get; init; }

    /// <summary>Applies the reported traits over a profile; unreported ones keep their value.</summary>
    public LeadProfile ApplyTo(LeadProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile with
        {
            FirstName = FirstName ?? profile.FirstName,
            LastName = LastName ?? profile.LastName,
            Company = Company ?? profile.Company,
            JobTitle = JobTitle ?? profile.JobTitle,
            CompanySize = CompanySize ?? profile.CompanySize,
            Industry = Industry ?? profile.Industry,
            Country = Country ?? profile.Country,
            Phone = Phone ?? profile.Phone,
        };
    }
}
