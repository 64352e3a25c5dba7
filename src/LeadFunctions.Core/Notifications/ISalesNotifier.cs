using LeadFunctions.Leads;

namespace LeadFunctions.Notifications;

/// <summary>The port that tells sales about a new SQL, and reminds them when it waits too long (email in production).</summary>
public interface ISalesNotifier
{
    /// <summary>The inbox the lead's hand-off goes to (recorded on the hand-off when it is sent).</summary>
    string RecipientFor(Lead lead);

    /// <summary>Sends the hand-off of <paramref name="lead"/>. Throws when it could not be sent; the hand-off stays pending.</summary>
    Task NotifyAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends the SLA reminder of a hand-off that sales neither accepted nor rejected in time: to the inbox the hand-off
    /// went to (and the escalation inbox, when one is set). Throws when it could not be sent.
    /// </summary>
    Task RemindAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default);
}
