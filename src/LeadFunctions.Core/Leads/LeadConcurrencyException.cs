namespace LeadFunctions.Leads;

/// <summary>A lead kept changing under a writer; the work is retried by its caller (the queue redelivers the message).</summary>
public sealed class LeadConcurrencyException : Exception
{
    public LeadConcurrencyException()
    {
    }

    public LeadConcurrencyException(string leadId)
        : base($"Lead {leadId} changed concurrently too many times; retry.")
    {
        LeadId = leadId;
    }

    public LeadConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? LeadId { get; }
}
