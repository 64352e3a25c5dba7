using LeadFunctions.Leads;

namespace LeadFunctions.Testing.Leads;

/// <summary><see cref="ILeadRepository"/> over <see cref="InMemoryLeadTables"/>, as TableLeadRepository is over the tables.</summary>
public sealed class InMemoryLeadRepository : ILeadRepository
{
    private readonly InMemoryLeadTables _tables;

    internal InMemoryLeadRepository(InMemoryLeadTables tables) => _tables = tables;

    public Task<Lead?> FindLeadByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail);
        lock (_tables.Gate)
        {
            return Task.FromResult(_tables.Emails.TryGetValue(normalizedEmail, out var leadId) ? _tables.Read(leadId)?.Lead : null);
        }
    }

    public Task<(Lead Lead, bool Created)> GetOrCreateLeadAsync(
        LeadProfile profile,
        LeadAttribution attribution,
        IReadOnlyList<StoredEvent>? firstEvents = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        lock (_tables.Gate)
        {
            // The email index decides which lead owns the email; an index row whose lead row is missing keeps its id, but
            // a lead being erased never gets its address back: the claim goes to a new lead.
            if (_tables.Emails.TryGetValue(profile.Email, out var leadId) && _tables.Partitions.TryGetValue(leadId, out var existing))
            {
                if (!existing.Erasing)
                {
                    return Task.FromResult((existing.Lead, false));
                }

                leadId = null;
            }

            leadId ??= Lead.NewLeadId(_tables.Clock);
            _tables.Emails[profile.Email] = leadId;
            var now = _tables.Clock.GetUtcNow();
            var lead = new Lead
            {
                LeadId = leadId,
                Profile = profile,
                Attribution = attribution,
                CreatedAt = now,
                UpdatedAt = now,
                ETag = _tables.NextETag(),
            };
            var events = (firstEvents ?? []).DistinctBy(InMemoryLeadTables.EventKey).Take(InMemoryLeadTables.EventsPerBatch);
            _tables.Partitions[leadId] = new InMemoryLeadPartition(lead, events);
            return Task.FromResult((lead, true));
        }
    }

    public Task<Lead?> GetLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            return Task.FromResult(Lead.IsValidLeadId(leadId) ? _tables.Read(leadId)?.Lead : null);
        }
    }

    public Task<bool> TryUpdateProfileAsync(Lead lead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var etag = lead.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(lead));
        lock (_tables.Gate)
        {
            if (_tables.Live(lead.LeadId) is not { } partition || !InMemoryLeadTables.Matches(partition.Lead.ETag, etag))
            {
                return Task.FromResult(false);
            }

            // The whole lead row is replaced with what the caller holds.
            partition.Lead = lead with { ETag = _tables.NextETag() };
            return Task.FromResult(true);
        }
    }

    public Task<EventAppendResult> AppendEventsAsync(
        string leadId,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var distinct = events.DistinctBy(InMemoryLeadTables.EventKey).ToList();
        var duplicates = events.Count - distinct.Count;
        var stored = 0;
        lock (_tables.Gate)
        {
            // Batch by batch as on Table Storage: each batch that stores an event also touches the lead row, so its
            // ETag changes and a score computed before these events cannot be saved.
            foreach (var batch in distinct.Chunk(InMemoryLeadTables.EventsPerBatch))
            {
                var partition = _tables.Live(leadId);
                var fresh = batch.Where(candidate => partition?.Holds(candidate) != true).ToList();
                duplicates += batch.Length - fresh.Count;
                if (fresh.Count == 0)
                {
                    continue;
                }

                if (partition is null)
                {
                    throw new LeadNotFoundException(leadId);
                }

                partition.Add(fresh);
                partition.Lead = partition.Lead with { ETag = _tables.NextETag() };
                stored += fresh.Count;
            }
        }

        return Task.FromResult(new EventAppendResult(stored, duplicates));
    }

    public Task<LeadPage> ListLeadsByStageAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            var (ids, next) = Page(From(_tables.StageRows(stage), continuationToken), pageSize);

            // A stale row (the lead moved on, or is gone) is left out of its page, as the table adapter leaves it out.
            IReadOnlyList<Lead> leads = [.. ids.Select(id => _tables.Read(id)?.Lead).OfType<Lead>().Where(lead => lead.Stage == stage)];
            return Task.FromResult(new LeadPage(leads, next));
        }
    }

    public Task<StageEntryPage> ListStageEntriesAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            var (ids, next) = Page(From(_tables.StageRows(stage), continuationToken), pageSize);
            IReadOnlyList<StageEntry> entries = [.. ids.Select(id => new StageEntry(id, _tables.EnteredAt.GetValueOrDefault((stage, id))))];
            return Task.FromResult(new StageEntryPage(entries, next));
        }
    }

    public Task<LeadIdPage> ListLeadIdsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            // A query over every partition, as on Table Storage.
            var from = _tables.Partitions.Where(pair => !pair.Value.Erasing).Select(pair => pair.Key)
                .Where(id => continuationToken is null || string.CompareOrdinal(id, continuationToken) >= 0)
                .Order(StringComparer.Ordinal);
            var (ids, next) = Page(from, pageSize);
            return Task.FromResult(new LeadIdPage(ids, next));
        }
    }

    /// <summary>
    /// A page of the ordered row keys (those from the continuation token on), and the next page's token (null after the
    /// last).
    /// </summary>
    internal static (IReadOnlyList<string> Keys, string? Next) Page(IEnumerable<string> ordered, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var keys = ordered.Take(pageSize + 1).ToList();
        return keys.Count > pageSize ? (keys.GetRange(0, pageSize), keys[pageSize]) : (keys, null);
    }

    /// <summary>The rows of an index partition from the continuation token on: a range, not a scan.</summary>
    internal static IEnumerable<string> From(SortedSet<string> rows, string? continuationToken) => continuationToken switch
    {
        null => rows,
        _ when rows.Count > 0 && string.CompareOrdinal(continuationToken, rows.Max) <= 0 =>
            rows.GetViewBetween(continuationToken, rows.Max),
        _ => [],
    };
}
