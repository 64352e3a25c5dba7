using LeadFunctions.Leads;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Visitors;

/// <summary>
/// Joins an anonymous visitor to the lead it identified as (a form with the visitor's id, a Segment identify or track
/// with an anonymousId and an email, a canonical event with both): the lead claims the visitor (the first claim wins;
/// a later one by another lead is recorded on that lead and ignored), then the visitor's events move to the lead with
/// their own ids and times (so decay applies, and an event already on the lead is not stored twice). Idempotent: a
/// join cut short by a crash finishes when it runs again, or when the visitor's next event arrives. The caller rescores
/// the lead (once, with whatever else it stored).
/// </summary>
public sealed partial class VisitorJoinService(
    IVisitorStore visitors,
    ILeadRepository leads,
    JoinedVisitors joined,
    ILogger<VisitorJoinService> logger)
{
    /// <summary>
    /// Joins the visitor of <paramref name="anonymousId"/> to the lead. Throws <see cref="LeadNotFoundException"/> when
    /// the lead is gone (then nothing of the visitor changed, or what changed is undone).
    /// </summary>
    public async Task<VisitorJoinResult> JoinAsync(string leadId, string anonymousId, CancellationToken cancellationToken = default)
    {
        var visitor = VisitorKey.Of(anonymousId);
        var claim = await visitors.ClaimVisitorAsync(visitor, leadId, cancellationToken);
        if (claim == VisitorClaim.JoinedToAnotherLead)
        {
            LogClaimIgnored(logger, leadId);
            return new VisitorJoinResult(claim, 0);
        }

        joined.Remember(visitor, leadId);
        var moved = await MoveEventsAsync(new JoinedVisitor(visitor, leadId), cancellationToken);
        if (claim == VisitorClaim.Joined || moved > 0)
        {
            LogJoined(logger, leadId, moved);
        }

        return new VisitorJoinResult(claim, moved);
    }

    /// <summary>
    /// Moves the events a joined visitor still holds to its lead (the newest <see cref="VisitorEvents.MaxPerVisitor"/>;
    /// older ones are dropped), then deletes them from the visitor. Returns how many were new to the lead. When the lead
    /// is gone the visitor is forgotten with it and <see cref="LeadNotFoundException"/> is thrown.
    /// </summary>
    public async Task<int> MoveEventsAsync(JoinedVisitor visitor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        var held = await visitors.GetVisitorEventsAsync(visitor.Key, cancellationToken);
        if (held.Count == 0)
        {
            return 0;
        }

        EventAppendResult appended;
        try
        {
            appended = await leads.AppendEventsAsync(visitor.LeadId, VisitorEvents.Newest(held), cancellationToken);
        }
        catch (LeadNotFoundException)
        {
            await ForgetAsync(visitor, cancellationToken);
            throw;
        }

        await visitors.RemoveVisitorEventsAsync(visitor.Key, held, cancellationToken);
        return appended.Stored;
    }

    /// <summary>The lead is erased: its visitor goes with it (the visitor id is unknown from now on).</summary>
    internal async Task ForgetAsync(JoinedVisitor visitor, CancellationToken cancellationToken)
    {
        joined.Forget(visitor.Key);
        await visitors.ForgetVisitorAsync(visitor.Key, visitor.LeadId, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Visitor joined lead {LeadId}: {Moved} of its events moved to the lead")]
    private static partial void LogJoined(ILogger logger, string leadId, int moved);

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Lead {LeadId} claimed a visitor that had joined another lead: the claim is recorded and ignored")]
    private static partial void LogClaimIgnored(ILogger logger, string leadId);
}
