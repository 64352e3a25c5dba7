using LeadFunctions.Leads;

namespace LeadFunctions.Visitors;

/// <summary>
/// Stores events that carry only an anonymous visitor id: kept for the visitor until it identifies, or, once it has
/// joined a lead, stored straight on the lead (known from <see cref="JoinedVisitors"/>, or from the store's answer).
/// </summary>
public sealed class VisitorEventRouter(
    IVisitorStore visitors,
    ILeadRepository leads,
    JoinedVisitors joined,
    VisitorJoinService joins)
{
    /// <summary>Times the events are routed again after the visitor's lead turned out to be erased.</summary>
    private const int MaxAttempts = 3;

    public async Task<VisitorDelivery> StoreAsync(
        string anonymousId,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var visitor = VisitorKey.Of(anonymousId);
        for (var attempt = 1; ; attempt++)
        {
            var known = joined.LeadOf(visitor);
            var leadId = known;
            if (leadId is null)
            {
                var kept = await visitors.AppendVisitorEventsAsync(visitor, events, cancellationToken);
                if (kept.JoinedLeadId is null)
                {
                    return new VisitorDelivery(kept.Stored, kept.Duplicates, null, false);
                }

                leadId = kept.JoinedLeadId;
            }

            try
            {
                return await DeliverToLeadAsync(new JoinedVisitor(visitor, leadId), events, known is null, cancellationToken);
            }
            catch (LeadNotFoundException exception)
            {
                // The lead was erased: its visitors went with it, so these events are a new visitor's.
                await joins.ForgetAsync(new JoinedVisitor(visitor, leadId), cancellationToken);
                if (attempt == MaxAttempts)
                {
                    throw new LeadConcurrencyException(
                        "A visitor's lead kept being erased while its events were stored; retry.", exception);
                }
            }
        }
    }

    /// <summary>
    /// The events on the lead; when the store named the lead (not this instance's memory), also what a join cut short left
    /// on the visitor.
    /// </summary>
    private async Task<VisitorDelivery> DeliverToLeadAsync(
        JoinedVisitor visitor,
        IReadOnlyList<StoredEvent> events,
        bool fromStore,
        CancellationToken cancellationToken)
    {
        var appended = await leads.AppendEventsAsync(visitor.LeadId, events, cancellationToken);
        var moved = 0;
        if (fromStore)
        {
            joined.Remember(visitor.Key, visitor.LeadId);
            moved = await joins.MoveEventsAsync(visitor, cancellationToken);
        }

        var changed = appended.Stored > 0 || appended.Duplicates > 0 || moved > 0;
        return new VisitorDelivery(appended.Stored, appended.Duplicates, visitor.LeadId, changed);
    }
}
