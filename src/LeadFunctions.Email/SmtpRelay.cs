using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Text;

namespace LeadFunctions.Email;

/// <summary>
/// The one SMTP path of every email the app sends (hand-offs, reminders, the model review): one multipart/alternative
/// message (plain text first, HTML last) through System.Net.Mail, STARTTLS and authentication from
/// <see cref="SmtpOptions"/>, the whole send within <see cref="SmtpOptions.TimeoutSeconds"/>. Returns once the relay
/// accepted the message; throws otherwise (a <see cref="TimeoutException"/> when it did not answer in time, never a
/// cancellation the caller did not ask for).
/// </summary>
internal static class SmtpRelay
{
    private static readonly TimeSpan ClientTimeoutMargin = TimeSpan.FromSeconds(5);

    public static async Task SendAsync(SmtpOptions smtp, OutgoingEmail email, CancellationToken cancellationToken)
    {
        using var message = Message(email, smtp);
        var timeout = TimeSpan.FromSeconds(smtp.TimeoutSeconds);
        using var client = Client(smtp, timeout);

        // The whole send (connect, STARTTLS, authentication, data) ends within the setting, well inside the outbox's lease.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.SendMailAsync(message, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The SMTP relay did not accept the email within {smtp.TimeoutSeconds} s.");
        }
    }

    /// <summary>What went wrong, without the exception's message (a relay's reply can quote addresses).</summary>
    public static string ErrorKind(Exception exception) => exception switch
    {
        TimeoutException => "Timeout",
        SmtpFailedRecipientException recipient => $"RecipientRejected:{recipient.StatusCode}",
        SmtpException { InnerException: SocketException socket } => $"Socket:{socket.SocketErrorCode}",
        SmtpException { InnerException: { } inner } smtp => $"Smtp:{smtp.StatusCode}:{inner.GetType().Name}",
        SmtpException smtp => $"Smtp:{smtp.StatusCode}",
        _ => exception.GetType().Name,
    };

    private static MailMessage Message(OutgoingEmail email, SmtpOptions smtp)
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
        message.Headers.Add(email.ReferenceHeader, email.Reference);
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
}
