using LeadFunctions.Leads;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Visitors;

namespace LeadFunctions.Testing.Visitors;

/// <summary>
/// <see cref="IVisitorStore"/> over <see cref="InMemoryLeadTables"/>, as TableVisitorStore is over the tables: a visitor's
/// claim and events together (one lock makes each call atomic), the lead's claim rows in its partition (erased with it),
/// and a retention index by when each visitor's oldest event was received, so a retention run reads only due visitors.
/// </summary>
public sealed class InMemoryVisitorStore : IVisitorStore
{
    private readonly InMemoryLeadTables _tables;

    internal InMemoryVisitorStore(InMemoryLeadTables tables) => _tables = tables;

    /// <summary>Visitors known (anonymous or joined), for tests.</summary>
    public int Count
    {
        get
        {
            lock (_tables.Gate)
            {
                return _tables.Visitors.Count;
            }
        }
    }

    /// <summary>The lead a visitor joined (null while anonymous or unknown), for tests.</summary>
    public string? LeadOf(string anonymousId)
    {
        lock (_tables.Gate)
        {
            return _tables.Visitors.GetValueOrDefault(VisitorKey.Of(anonymousId))?.LeadId;
        }
    }

    public Task<VisitorAppendResult> AppendVisitorEventsAsync(
        VisitorKey visitor,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var now = _tables.Clock.GetUtcNow();
        lock (_tables.Gate)
        {
            if (!_tables.Visitors.TryGetValue(visitor, out var held))
            {
                held = new InMemoryVisitor();
                _tables.Visitors[visitor] = held;
                _tables.IndexVisitor(visitor, now);
            }
            else if (held.LeadId is { } leadId)
            {
                return Task.FromResult(VisitorAppendResult.Joined(leadId));
            }

            int stored = 0, duplicates = 0;
            foreach (var item in events)
            {
                if (held.Events.TryAdd(InMemoryLeadTables.EventKey(item), (item, now)))
                {
                    stored++;
                }
                else
                {
                    duplicates++;
                }
            }

            return Task.FromResult(new VisitorAppendResult(stored, duplicates, null));
        }
    }

    public Task<VisitorClaim> ClaimVisitorAsync(VisitorKey visitor, string leadId, CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            var partition = _tables.Live(leadId) ?? throw new LeadNotFoundException(leadId);
            partition.VisitorClaims.Add(visitor);
            if (!_tables.Visitors.TryGetValue(visitor, out var held))
            {
                held = new InMemoryVisitor();
                _tables.Visitors[visitor] = held;
            }

            if (held.LeadId is { } owner)
            {
                return Task.FromResult(owner == leadId ? VisitorClaim.AlreadyJoined : VisitorClaim.JoinedToAnotherLead);
            }

            held.LeadId = leadId;
            return Task.FromResult(VisitorClaim.Joined);
        }
    }

    public Task<IReadOnlyList<StoredEvent>> GetVisitorEventsAsync(VisitorKey visitor, CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            IReadOnlyList<StoredEvent> events = _tables.Visitors.TryGetValue(visitor, out var held)
                ? [.. held.Events.Values.Select(entry => entry.Event)]
                : [];
            return Task.FromResult(events);
        }
    }

    public Task RemoveVisitorEventsAsync(
        VisitorKey visitor,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_tables.Gate)
        {
            if (_tables.Visitors.TryGetValue(visitor, out var held))
            {
                foreach (var stored in events)
                {
                    held.Events.Remove(InMemoryLeadTables.EventKey(stored));
                }
            }

            return Task.CompletedTask;
        }
    }

    public Task ForgetVisitorAsync(VisitorKey visitor, string leadId, CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            _tables.ForgetVisitor(visitor, leadId);
            return Task.CompletedTask;
        }
    }

    public Task<VisitorExpiry> ExpireVisitorEventsAsync(
        DateTimeOffset receivedBefore,
        int maxVisitors,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVisitors, 1);
        lock (_tables.Gate)
        {
            var due = _tables.VisitorRetention.Where(row => row.Ticks < receivedBefore.UtcTicks).Take(maxVisitors).ToList();
            var deleted = 0;
            var unmoved = new List<JoinedVisitor>();
            foreach (var row in due)
            {
                _tables.VisitorRetention.Remove(row);
                if (!_tables.Visitors.TryGetValue(row.Visitor, out var held))
                {
                    continue;
                }

                if (held.LeadId is { } leadId)
                {
                    if (held.Events.Count > 0)
                    {
                        unmoved.Add(new JoinedVisitor(row.Visitor, leadId));
                        _tables.VisitorRetention.Add(row); // as on the tables: the next run finds it empty and drops it
                    }

                    continue;
                }

                deleted += Expire(row.Visitor, held, receivedBefore);
            }

            return Task.FromResult(new VisitorExpiry(due.Count, deleted, unmoved));
        }
    }

    /// <summary>The events received before the cutoff and those beyond the newest 500 go; an emptied visitor is forgotten.</summary>
    private int Expire(VisitorKey visitor, InMemoryVisitor held, DateTimeOffset receivedBefore)
    {
        var fresh = held.Events.Values.Where(entry => entry.ReceivedAt >= receivedBefore).ToList();
        var kept = VisitorEvents.Newest(fresh.Select(entry => entry.Event)).Select(InMemoryLeadTables.EventKey).ToHashSet();
        var dropped = held.Events.Keys.Where(key => !kept.Contains(key)).ToList();
        foreach (var key in dropped)
        {
            held.Events.Remove(key);
        }

        if (held.Events.Count == 0)
        {
            _tables.Visitors.Remove(visitor);
        }
        else
        {
            _tables.IndexVisitor(visitor, held.Events.Values.Min(entry => entry.ReceivedAt));
        }

        return dropped.Count;
    }
}
