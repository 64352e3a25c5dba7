namespace LeadFunctions.Engagement;

/// <summary>
/// Who an incoming event is about: a known lead id, or an email address (normalized) that identifies one, or only an
/// anonymous visitor id (a browser not yet identified). A lead id or an email may come with the visitor id too: the
/// event then identifies the visitor, whose events join the lead.
/// </summary>
public sealed record LeadReference
{
    private LeadReference(string? leadId, string? email, string? anonymousId)
    {
        LeadId = leadId;
        Email = email;
        AnonymousId = anonymousId;
    }

    public string? LeadId { get; }

    /// <summary>Normalized email address (personal data: never log it).</summary>
    public string? Email { get; }

    /// <summary>The anonymous visitor id (Segment's anonymousId; personal data: never log it), or null.</summary>
    public string? AnonymousId { get; }

    /// <summary>True when only a visitor id says who it is: the event is kept as the visitor's until it identifies.</summary>
    public bool IsAnonymous => LeadId is null && Email is null;

    public static LeadReference ById(string leadId) => new(leadId, null, null);

    public static LeadReference ByEmail(string normalizedEmail) => new(null, normalizedEmail, null);

    /// <summary>A visitor not identified yet (<paramref name="anonymousId"/> as <c>AnonymousIdRules.Normalize</c> keeps it).</summary>
    public static LeadReference ByVisitor(string anonymousId) => new(null, null, anonymousId);

    /// <summary>This lead, identifying the visitor <paramref name="anonymousId"/> (none when null).</summary>
    public LeadReference WithVisitor(string? anonymousId) => new(LeadId, Email, anonymousId);

    /// <summary>Never prints the email address or the visitor id.</summary>
    public override string ToString() => LeadId is not null ? $"lead {LeadId}" : Email is not null ? "lead by email" : "anonymous visitor";
}
