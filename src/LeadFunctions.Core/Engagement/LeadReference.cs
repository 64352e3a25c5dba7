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
