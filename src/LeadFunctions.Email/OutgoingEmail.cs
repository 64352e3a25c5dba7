namespace LeadFunctions.Email;

/// <summary>One email as <see cref="SmtpRelay"/> sends it: one inbox (and a copy), a subject, both bodies, its headers.</summary>
/// <param name="Recipient">The inbox it goes to.</param>
/// <param name="Subject">One line.</param>
/// <param name="PlainText">The text/plain part.</param>
/// <param name="Html">The text/html part (values encoded by the template).</param>
/// <param name="MessageId">The Message-ID header, the same for every send of one email.</param>
/// <param name="ReferenceHeader">The app's header naming what the email is about (<c>X-LeadFunctions-Handoff</c>).</param>
/// <param name="Reference">That header's value (ids only).</param>
internal sealed record OutgoingEmail(
    string Recipient, string Subject, string PlainText, string Html, string MessageId, string ReferenceHeader, string Reference)
{
    /// <summary>An inbox copied on the email; null for none.</summary>
    public string? Copy { get; init; }
}
