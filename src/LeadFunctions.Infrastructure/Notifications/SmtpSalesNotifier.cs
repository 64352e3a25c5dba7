using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Notifications;

/// <summary>
/// Emails a sales hand-off over SMTP (System.Net.Mail; STARTTLS and authentication from settings). The Message-ID
/// is derived from the hand-off, so the one possible repeat (a crash after the relay accepted the message and
/// before the hand-off was recorded as sent) is recognisable as the same message by mail systems and people.
/// </summary>
public sealed partial class SmtpSalesNotifier(
    IOptions<SmtpOptions> smtpOptions,
    IOptions<NotificationOptions> notificationOptions,
    ILogger<SmtpSalesNotifier> logger) : ISalesNotifier
{
    public async Task NotifyAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(handoff);
        var smtp = smtpOptions.Value;
        var composer = new SalesEmailComposer(notificationOptions.Value);

        using var message = new MailMessage
        {
            From = new MailAddress(smtp.FromAddress, smtp.FromName),
            Subject = SalesEmailComposer.Subject(lead),
            SubjectEncoding = System.Text.Encoding.UTF8,
            BodyEncoding = System.Text.Encoding.UTF8,
        };
        message.To.Add(composer.Recipient(lead));
        message.Headers.Add("Message-ID", $"<{handoff.HandoffId}.{lead.LeadId}@leadfunctions>");
        message.Headers.Add("X-LeadFunctions-Handoff", $"{lead.LeadId}/{handoff.HandoffId}");
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(composer.PlainText(lead), System.Text.Encoding.UTF8, MediaTypeNames.Text.Plain));
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(composer.Html(lead), System.Text.Encoding.UTF8, MediaTypeNames.Text.Html));

        using var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            EnableSsl = smtp.EnableSsl,
            Timeout = smtp.TimeoutSeconds * 1000,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (smtp.UserName.Length > 0)
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        await client.SendMailAsync(message, cancellationToken);
        LogSent(logger, lead.LeadId, handoff.HandoffId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sales email for lead {LeadId} (hand-off {HandoffId}) accepted by the SMTP relay")]
    private static partial void LogSent(ILogger logger, string leadId, string handoffId);
}
