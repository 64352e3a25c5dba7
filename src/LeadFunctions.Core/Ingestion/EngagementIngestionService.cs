using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Visitors;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ingestion;

/// <summary>
/// Stores parsed engagement events (from the canonical API or a webhook provider) under their leads, idempotently
/// on the provider's event id, applies reported traits, joins the anonymous visitors the events identify to their
/// leads, keeps events that carry only a visitor id for that visitor (or stores them on the lead it joined), and asks
/// for one rescore of every lead that changed or received a repeated event (whose first delivery may have stored it
/// without queueing the rescore). An event's user agent is stored only as its family (<paramref name="machine"/>; the
/// default rules when not given), which the scorer's machine-engagement rules read.
/// </summary>
public sealed partial class EngagementIngestionService(
    ILeadRepository repository,
    IRescoreQueue rescoreQueue,
    VisitorJoinService joins,
    VisitorEventRouter visitorEvents,
    TimeProvider timeProvider,
    ILogger<EngagementIngestionService> logger,
    MachineEngagementClassifier? machine = null)
{
    private readonly MachineEngagementClassifier _machine = machine ?? MachineEngagementClassifier.Default;

    private const int MaxParallelLeads = 16;
    private const string UnknownLeadReason = "no lead has this leadId (or it was erased)";

    public async Task<IngestionResult> IngestAsync(ParsedEvents parsed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var rejected = new List<RejectedItem>(parsed.Rejected);
        var items = parsed.Accepted.Select((item, index) => (Item: item, Index: index)).ToArray();
        var leads = items
            .Where(pair => !pair.Item.Lead.IsAnonymous)
            .GroupBy(pair => (pair.Item.Lead.LeadId, pair.Item.Lead.Email))
            .Select(group => group.ToArray())
            .ToArray();
        var visitors = items
            .Where(pair => pair.Item.Lead.IsAnonymous)
            .GroupBy(pair => pair.Item.Lead.AnonymousId!, StringComparer.Ordinal)
            .Select(group => group.Select(pair => pair.Item).ToArray())
            .ToArray();

        // Leads first: the visitors they identify join them, so that the same batch's anonymous events of those visitors
        // go straight to the lead.
        var outcomes = await ForEachAsync(
            leads, (group, token) => IngestForLeadAsync([.. group.Select(pair => pair.Item)], token), cancellationToken);
        var (stored, duplicates, changed) = Tally(leads, outcomes, rejected);
        var deliveries = await ForEachAsync(visitors, StoreForVisitorAsync, cancellationToken);
        var kept = 0;
        foreach (var delivery in deliveries)
        {
            stored += delivery.Stored;
            duplicates += delivery.Duplicates;
            kept += delivery.LeadId is null ? delivery.Stored : 0;
            if (delivery is { LeadChanged: true, LeadId: { } leadId } && !changed.Contains(leadId, StringComparer.Ordinal))
            {
                changed.Add(leadId);
            }
        }

        if (changed.Count > 0)
        {
            await rescoreQueue.EnqueueAsync(changed, cancellationToken);
        }

        LogIngested(logger, stored, duplicates, rejected.Count, changed.Count, kept);
        return new IngestionResult(stored, duplicates, rejected);
    }

    /// <summary>Runs <paramref name="work"/> for each group (<see cref="MaxParallelLeads"/> at once); results in their order.</summary>
    private static async Task<TResult[]> ForEachAsync<TGroup, TResult>(
        TGroup[] groups,
        Func<TGroup, CancellationToken, Task<TResult>> work,
        CancellationToken cancellationToken)
    {
        var results = new TResult[groups.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, groups.Length),
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelLeads, CancellationToken = cancellationToken },
            async (i, token) => results[i] = await work(groups[i], token));
        return results;
    }

    /// <summary>
    /// Sums the stored and duplicate events and lists the leads that changed; the items of a lead that was not found
    /// (or was erased meanwhile) are added to <paramref name="rejected"/>.
    /// </summary>
    private static (int Stored, int Duplicates, List<string> Changed) Tally(
        (IncomingEvent Item, int Index)[][] leads, LeadOutcome[] outcomes, List<RejectedItem> rejected)
    {
        var changed = new List<string>();
        int stored = 0, duplicates = 0;
        for (var i = 0; i < leads.Length; i++)
        {
            var outcome = outcomes[i];
            if (outcome.LeadId is null)
            {
                rejected.AddRange(leads[i].Select(pair => new RejectedItem(pair.Index, pair.Item.Event.EventId, UnknownLeadReason)));
                continue;
            }

            stored += outcome.Stored;
            duplicates += outcome.Duplicates;
            if (outcome.Changed)
            {
                changed.Add(outcome.LeadId);
            }
        }

        return (stored, duplicates, changed);
    }

    private async Task<LeadOutcome> IngestForLeadAsync(IReadOnlyList<IncomingEvent> items, CancellationToken cancellationToken)
    {
        if (await LeadOfAsync(items[0].Lead, cancellationToken) is not { } lead)
        {
            return default;
        }

        try
        {
            var traitsChanged = await ApplyTraitsAsync(lead, items, cancellationToken);
            var result = await repository.AppendEventsAsync(
                lead.LeadId,
                [.. items.Select(item => new StoredEvent(item.Source, AsStored(item)))],
                cancellationToken);
            var moved = await JoinVisitorsAsync(lead.LeadId, items, cancellationToken);

            // Duplicates ask for a rescore too: a delivery that stored them may have failed before it queued its
            // rescore (storage went down in between, the sender got a 503 and retries). A rescore that finds nothing
            // new writes nothing.
            return new LeadOutcome(
                lead.LeadId,
                result.Stored,
                result.Duplicates,
                result.Stored > 0 || result.Duplicates > 0 || traitsChanged || moved > 0);
        }
        catch (LeadNotFoundException)
        {
            return default; // erased while this batch was being stored: its items are rejected
        }
    }

    /// <summary>The event as stored: with its user agent's family in place of the user agent (personal data, never kept).</summary>
    private EngagementEvent AsStored(IncomingEvent item)
    {
        if (_machine.UserAgentFamily(item.UserAgent) is not { } family)
        {
            return item.Event;
        }

        var properties = new Dictionary<string, string>(item.Event.Properties, StringComparer.OrdinalIgnoreCase)
        {
            [MachineEngagementClassifier.UserAgentFamilyProperty] = family,
        };
        return item.Event with { Properties = properties };
    }

    /// <summary>Joins each visitor the items identify (an anonymousId beside the email or lead id); events moved in all.</summary>
    private async Task<int> JoinVisitorsAsync(string leadId, IReadOnlyList<IncomingEvent> items, CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var anonymousId in items.Select(item => item.Lead.AnonymousId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            moved += (await joins.JoinAsync(leadId, anonymousId, cancellationToken)).Moved;
        }

        return moved;
    }

    private Task<VisitorDelivery> StoreForVisitorAsync(IncomingEvent[] items, CancellationToken cancellationToken) =>
        visitorEvents.StoreAsync(
            items[0].Lead.AnonymousId!,
            [.. items.Select(item => new StoredEvent(item.Source, AsStored(item)))],
            cancellationToken);

    /// <summary>The lead an id names (null when it is gone), or the lead of an email, created when there is none.</summary>
    private async Task<Lead?> LeadOfAsync(LeadReference reference, CancellationToken cancellationToken)
    {
        if (reference.LeadId is { } leadId)
        {
            return await repository.GetLeadAsync(leadId, cancellationToken);
        }

        return await repository.FindLeadByEmailAsync(reference.Email!, cancellationToken)
            ?? (await repository.GetOrCreateLeadAsync(
                new LeadProfile { Email = reference.Email! },
                LeadAttribution.None,
                cancellationToken: cancellationToken)).Lead;
    }

    private async Task<bool> ApplyTraitsAsync(Lead lead, IReadOnlyList<IncomingEvent> items, CancellationToken cancellationToken)
    {
        if (items.All(item => item.Traits is null))
        {
            return false;
        }

        var updated = await LeadProfileUpdates.UpdateAsync(
            repository,
            lead,
            profile => items.Aggregate(profile, (current, item) => item.Traits?.ApplyTo(current) ?? current),
            timeProvider,
            cancellationToken);
        return updated.Profile != lead.Profile;
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Ingested events: {Stored} stored ({Anonymous} kept for anonymous visitors), {Duplicates} duplicates, "
            + "{Rejected} rejected; {Leads} leads to rescore")]
    private static partial void LogIngested(ILogger logger, int stored, int duplicates, int rejected, int leads, int anonymous);

    private readonly record struct LeadOutcome(string? LeadId, int Stored, int Duplicates, bool Changed);
}
