namespace LeadFunctions.Leads;

/// <summary>The lead was erased (or never existed) while work for it was under way.</summary>
public sealed class LeadNotFoundException : Exception
{
    public LeadNotFoundException()
    {
    }

    public LeadNotFoundException(string leadId)
        : base($"Lead {leadId} does not exist.")
    {
        LeadId = leadId;
    }

    public LeadNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? LeadId { get; }
}
