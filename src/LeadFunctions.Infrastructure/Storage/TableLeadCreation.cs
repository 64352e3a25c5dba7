using Azure;
using Azure.Data.Tables;
using LeadFunctions.Leads;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// Finds or creates the lead of an email for <see cref="TableLeadRepository"/>. The email index row is the claim: inserted
/// first, it decides which lead owns the address, so concurrent first contacts agree on one id. A lead being erased
/// (it has a tombstone, <see cref="LeadKeys.ErasingRow"/>) never gets its address back: a capture takes the claim over
/// for a new lead, and a creation under an id read from the index checks afterwards that no erasure of it began.
/// </summary>
internal sealed class TableLeadCreation(TableClient leads, TableClient emails, TimeProvider timeProvider)
{
    private const int MaxBatch = 100;

    /// <summary>Claims of an email before a capture gives up (each lost one means another writer moved the claim).</summary>
    private const int MaxClaimAttempts = 5;

    public async Task<(Lead Lead, bool Created)> GetOrCreateAsync(
        LeadProfile profile,
        LeadAttribution attribution,
        IReadOnlyList<StoredEvent>? firstEvents,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
        {
            var (leadId, existing, reused) = await ClaimEmailAsync(profile.Email, cancellationToken);
            if (existing is not null)
            {
                return (existing, false);
            }

            if (await CreateLeadAsync(leadId, profile, attribution, firstEvents, cancellationToken) is not { } created)
            {
                continue; // created by another writer and erased since
            }

            // An id taken from the index may belong to a lead that began its erasure after it was checked: the erasure
            // deletes the index row (or a new lead takes it over) before its tombstone, so one of the two shows it.
            if (!reused || await IsClaimedByLiveLeadAsync(profile.Email, leadId, cancellationToken))
            {
                return created;
            }

            await UndoCreateAsync(leadId, firstEvents, cancellationToken);
        }

        throw new LeadConcurrencyException();
    }

    /// <summary>
    /// Inserts the lead row with its first events under <paramref name="leadId"/>; the lead as it is when another writer
    /// created it first; null when that lead is gone again (erased).
    /// </summary>
    private async Task<(Lead Lead, bool Created)?> CreateLeadAsync(
        string leadId,
        LeadProfile profile,
        LeadAttribution attribution,
        IReadOnlyList<StoredEvent>? firstEvents,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var lead = new Lead { LeadId = leadId, Profile = profile, Attribution = attribution, CreatedAt = now, UpdatedAt = now };
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, LeadEntityMapper.LeadEntity(lead)) };
        actions.AddRange((firstEvents ?? [])
            .Select(stored => LeadEntityMapper.EventEntity(leadId, stored))
            .DistinctBy(entity => entity.RowKey, StringComparer.Ordinal)
            .Take(MaxBatch - 1)
            .Select(entity => new TableTransactionAction(TableTransactionActionType.Add, entity)));
        try
        {
            var response = await leads.SubmitTransactionAsync(actions, cancellationToken);
            var etag = response.Value[0].Headers.ETag?.ToString();
            return (etag is null ? (await GetLeadAsync(leadId, cancellationToken))! : lead with { ETag = etag }, true);
        }
        catch (TableTransactionFailedException exception)
            when (exception.Status == 409 && exception.FailedTransactionActionIndex is null or 0)
        {
            // Another writer created the lead row for this id between our two writes.
            return await GetLeadAsync(leadId, cancellationToken) is { } existing ? (existing, false) : null;
        }
    }

    /// <summary>
    /// The email index row first: it decides which lead owns the email, so concurrent first contacts agree on one id.
    /// Returns the id to create the lead under (<c>Reused</c> when it came from the index: a creation in flight or cut
    /// short), or the id and the lead when one already owns the email. A lead being erased never gets its address back:
    /// the index row is taken over (under its ETag) for a new lead.
    /// </summary>
    private async Task<(string LeadId, Lead? Existing, bool Reused)> ClaimEmailAsync(string email, CancellationToken cancellationToken)
    {
        var emailKey = LeadKeys.EmailKey(email);
        for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
        {
            var candidate = Lead.NewLeadId(timeProvider);
            try
            {
                await emails.AddEntityAsync(new TableEntity(emailKey, string.Empty) { ["LeadId"] = candidate }, cancellationToken);
                return (candidate, null, false);
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
            }

            var owner = await emails.GetEntityIfExistsAsync<TableEntity>(emailKey, string.Empty, cancellationToken: cancellationToken);
            if (!owner.HasValue || owner.Value!.GetString("LeadId") is not { } leadId)
            {
                continue; // its erasure deleted it just now
            }

            if (await GetLeadAsync(leadId, cancellationToken) is { } existing)
            {
                return (leadId, existing, false);
            }

            if (!await IsErasingAsync(leadId, cancellationToken))
            {
                return (leadId, null, true);
            }

            try
            {
                var takeover = new TableEntity(emailKey, string.Empty) { ["LeadId"] = candidate };
                await emails.UpdateEntityAsync(takeover, owner.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return (candidate, null, false);
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
                // Deleted by the erasure, or taken over by another capture: read it again.
            }
        }

        throw new LeadConcurrencyException(); // the claim kept moving: the caller answers 503, a retry is safe
    }

    /// <summary>True when the lead has a tombstone: its erasure began and has not finished.</summary>
    private async Task<bool> IsErasingAsync(string leadId, CancellationToken cancellationToken) =>
        (await leads.GetEntityIfExistsAsync<TableEntity>(leadId, LeadKeys.ErasingRow, ["RowKey"], cancellationToken)).HasValue;

    /// <summary>
    /// After creating a lead under an id read from the index: the index still names it and no erasure of it began (in this
    /// order: an erasure deletes the index row before its tombstone).
    /// </summary>
    private async Task<bool> IsClaimedByLiveLeadAsync(string email, string leadId, CancellationToken cancellationToken)
    {
        var claim = await emails.GetEntityIfExistsAsync<TableEntity>(
            LeadKeys.EmailKey(email),
            string.Empty,
            cancellationToken: cancellationToken);
        return claim.HasValue && claim.Value!.GetString("LeadId") == leadId && !await IsErasingAsync(leadId, cancellationToken);
    }

    /// <summary>Removes a lead just created under the id of a lead being erased (its row and first events).</summary>
    private async Task UndoCreateAsync(string leadId, IReadOnlyList<StoredEvent>? firstEvents, CancellationToken cancellationToken)
    {
        await LeadTables.DeleteIfExistsAsync(leads, leadId, LeadKeys.LeadRow, cancellationToken);
        foreach (var stored in firstEvents ?? [])
        {
            var row = LeadKeys.EventRow(stored.Source, stored.Event.EventId);
            await LeadTables.DeleteIfExistsAsync(leads, leadId, row, cancellationToken);
        }
    }

    private async Task<Lead?> GetLeadAsync(string leadId, CancellationToken cancellationToken)
    {
        var entity = await leads.GetEntityIfExistsAsync<TableEntity>(leadId, LeadKeys.LeadRow, cancellationToken: cancellationToken);
        return entity.HasValue ? LeadEntityMapper.ToLead(entity.Value!) : null;
    }
}
