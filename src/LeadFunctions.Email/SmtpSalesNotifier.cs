using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email;

/// <summary>
/// Emails a sales hand-off (and its SLA reminder) through an SMTP relay (System.Net.Mail, STARTTLS and authentication from
/// <see cref="SmtpOptions"/>): one multipart/alternative message (plain text and HTML) to the routed inbox.
/// Returns once the relay accepted the message; any failure (refused, unreachable, timed out, rejected) is thrown to
/// the <see cref="SalesHandoffDispatcher"/>, which keeps the hand-off pending and retries it. The Message-ID is derived
/// from the hand-off, so the one possible repeat (a crash after the relay accepted the message and before the hand-off
/// was recorded as sent) carries the same Message-ID. Logs the lead id and the kind of error, never addresses or names.
/// </summary>
public sealed partial class SmtpSalesNotifier(
    IOptions<SmtpOptions> smtpOptions,
    IOptions<HandoffOptions> handoffOptions,
    SalesEmailComposer composer,
    ILogger<SmtpSalesNotifier> logger) : ISalesNotifier
{
    private static readonly TimeSpan ClientTimeoutMargin = TimeSpan.FromSeconds(5);

    public string RecipientFor(Lead lead) => composer.RecipientFor(lead);

    public async Task NotifyAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(handoff);
        var email = await composer.ComposeAsync(lead, handoff, cancellationToken);
        await SendAsync(email, handoff, "hand-off", cancellationToken);
    }

    public async Task RemindAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(handoff);
        var reminder = await composer.ComposeReminderAsync(lead, handoff, handoffOptions.Value.Sla, cancellationToken);
        await SendAsync(reminder, handoff, "SLA reminder", cancellationToken);
    }

    private async Task SendAsync(SalesEmail email, SalesHandoff handoff, string kind, CancellationToken cancellationToken)
    {
        var smtp = smtpOptions.Value;
        using var message = Message(email, smtp);
        var timeout = TimeSpan.FromSeconds(smtp.TimeoutSeconds);
        using var client = Client(smtp, timeout);

        // The whole send (connect, STARTTLS, authentication, data) ends within the setting, well inside the hand-off's lease.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.SendMailAsync(message, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotAccepted(logger, kind, handoff.LeadId, handoff.HandoffId, "Timeout");
            throw new TimeoutException($"The SMTP relay did not accept the sales email within {smtp.TimeoutSeconds} s.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotAccepted(logger, kind, handoff.LeadId, handoff.HandoffId, ErrorKind(exception));
            throw;
        }

        LogAccepted(logger, kind, handoff.LeadId, handoff.HandoffId);
    }

    /// <summary>One multipart/alternative message (plain text and HTML), with the headers that identify the hand-off.</summary>
    private static MailMessage Message(SalesEmail email, SmtpOptions smtp)
    {
        var message = new MailMessage
        {
            From = new MailAddress(smtp.FromAddress, smtp.FromName),
            Subject = email.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        message.To.Add(new MailAddress(email.Recipient));
        if (email.Copy is { } copy)
        {
            message.CC.Add(new MailAddress(copy));
        }

        message.Headers.Add("Message-ID", email.MessageId);
        message.Headers.Add("X-LeadFunctions-Handoff", email.HandoffReference);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(email.PlainText, Encoding.UTF8, MediaTypeNames.Text.Plain));
        message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(email.Html, Encoding.UTF8, MediaTypeNames.Text.Html));
        return message;
    }

    private static SmtpClient Client(SmtpOptions smtp, TimeSpan timeout)
    {
        var client = new SmtpClient(smtp.Host, smtp.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = smtp.EnableSsl,
            Timeout = (int)(timeout + ClientTimeoutMargin).TotalMilliseconds, // a backstop: the send's deadline ends it first
        };
        if (smtp.UserName.Length > 0)
        {
            client.Credentials = new NetworkCredential(smtp.UserName, smtp.Password);
        }

        return client;
    }

    /// <summary>What went wrong, without the exception's message (a relay's reply can quote addresses).</summary>
    internal static string ErrorKind(Exception exception) => exception switch
    {
        SmtpFailedRecipientException recipient => $"RecipientRejected:{recipient.StatusCode}",
        SmtpException { InnerException: SocketException socket } => $"Socket:{socket.SocketErrorCode}",
        SmtpException { InnerException: { } inner } smtp => $"Smtp:{smtp.StatusCode}:{inner.GetType().Name}",
        SmtpException smtp => $"Smtp:{smtp.StatusCode}",
        _ => exception.GetType().Name,
    };

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Sales email ({Kind}) of lead {LeadId} (hand-off {HandoffId}) accepted by the SMTP relay")]
    private static partial void LogAccepted(ILogger logger, string kind, string leadId, string handoffId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Sales email ({Kind}) of lead {LeadId} (hand-off {HandoffId}) not accepted by the SMTP relay: {ErrorKind}")]
    private static partial void LogNotAccepted(ILogger logger, string kind, string leadId, string handoffId, string errorKind);
}
