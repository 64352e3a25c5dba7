using LeadFunctions.Leads;

namespace LeadFunctions.Engagement;

/// <summary>Who an incoming event is about: a known lead id, or an email address (normalized) that identifies one.</summary>
public sealed record LeadReference
{
    private LeadReference(string? leadId, string? email)
    {
        LeadId = leadId;
        Email = email;
    }

    public string? LeadId { get; }

    /// <summary>Normalized email address (personal data: never log it).</summary>
    public string? Email { get; }

    public static LeadReference ById(string leadId) => new(leadId, null);

    public static LeadReference ByEmail(string normalizedEmail) => new(null, normalizedEmail);

    /// <summary>Never prints the email address.</summary>
    public override string ToString() => LeadId is null ? "lead by email" : $"lead {LeadId}";
}

/// <summary>
/// An engagement event received from a source (a webhook provider or the canonical API), validated against the
/// scoring model and ready to store. <see cref="Source"/> scopes the event id: "segment", "sendgrid", "api", "form".
/// </summary>
public sealed record IncomingEvent(string Source, LeadReference Lead, EngagementEvent Event, LeadTraits? Traits = null);

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

/// <summary>An item of a batch that was not accepted, with the reason (never containing personal data).</summary>
public sealed record RejectedItem(int Index, string? EventId, string Reason);

/// <summary>The outcome of parsing a provider's batch: what can be stored, and what was rejected and why.</summary>
public sealed record ParsedEvents(IReadOnlyList<IncomingEvent> Accepted, IReadOnlyList<RejectedItem> Rejected)
{
    public static ParsedEvents Empty { get; } = new([], []);
}
