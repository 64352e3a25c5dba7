using LeadFunctions.Leads;

namespace LeadFunctions.Notifications;

/// <summary>The port that tells sales about a new SQL (email in production).</summary>
public interface ISalesNotifier
{
    /// <summary>Sends the hand-off of <paramref name="lead"/>. Throws when it could not be sent; the hand-off stays pending.</summary>
    Task NotifyAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default);
}
