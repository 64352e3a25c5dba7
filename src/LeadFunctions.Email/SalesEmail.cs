namespace LeadFunctions.Email;

/// <summary>
/// One sales hand-off email, ready for any transport.
/// </summary>
/// <param name="Recipient">The routed sales inbox.</param>
/// <param name="Subject">One line: control characters and line breaks from the data are removed.</param>
/// <param name="PlainText">The text/plain part.</param>
/// <param name="Html">The text/html part: every value from the data is HTML-encoded.</param>
/// <param name="MessageId">The Message-ID header, the same for every send of one hand-off.</param>
/// <param name="HandoffReference">The X-LeadFunctions-Handoff header: lead id and hand-off id.</param>
public sealed record SalesEmail(string Recipient, string Subject, string PlainText, string Html, string MessageId, string HandoffReference)
{
    /// <summary>An inbox copied on the email (the escalation inbox, on SLA reminders); null for none.</summary>
    public string? Copy { get; init; }
}
