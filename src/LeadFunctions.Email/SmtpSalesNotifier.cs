using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email;

/// <summary>
/// Emails a sales hand-off (and its SLA reminder) through the app's SMTP path (<see cref="SmtpRelay"/>): one
/// multipart/alternative message (plain text and HTML) to the routed inbox.
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
        var outgoing = new OutgoingEmail(
            email.Recipient, email.Subject, email.PlainText, email.Html, email.MessageId, "X-LeadFunctions-Handoff", email.HandoffReference)
        {
            Copy = email.Copy,
        };
        try
        {
            await SmtpRelay.SendAsync(smtpOptions.Value, outgoing, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogNotAccepted(logger, kind, handoff.LeadId, handoff.HandoffId, ErrorKind(exception));
            throw;
        }

        LogAccepted(logger, kind, handoff.LeadId, handoff.HandoffId);
    }

    /// <summary>What went wrong, without the exception's message (a relay's reply can quote addresses).</summary>
    internal static string ErrorKind(Exception exception) => SmtpRelay.ErrorKind(exception);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Sales email ({Kind}) of lead {LeadId} (hand-off {HandoffId}) accepted by the SMTP relay")]
    private static partial void LogAccepted(ILogger logger, string kind, string leadId, string handoffId);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "Sales email ({Kind}) of lead {LeadId} (hand-off {HandoffId}) not accepted by the SMTP relay: {ErrorKind}")]
    private static partial void LogNotAccepted(ILogger logger, string kind, string leadId, string handoffId, string errorKind);
}
