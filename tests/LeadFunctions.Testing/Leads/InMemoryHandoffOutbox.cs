using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Reporting;

namespace LeadFunctions.Testing.Leads;

/// <summary>
/// <see cref="IHandoffOutbox"/> over <see cref="InMemoryLeadTables"/>, as TableHandoffOutbox is over the tables: the
/// due hand-off and reminder indexes are ordered and checked against their hand-offs when read.
/// </summary>
public sealed class InMemoryHandoffOutbox : IHandoffOutbox
{
    private readonly InMemoryLeadTables _tables;

    internal InMemoryHandoffOutbox(InMemoryLeadTables tables) => _tables = tables;

    public Task<IReadOnlyList<SalesHandoff>> GetDueHandoffsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            var due = new List<SalesHandoff>();
            var stale = new List<string>();
            foreach (var (row, writtenAt) in _tables.DueHandoffs)
            {
                var handoff = _tables.Handoff(row);
                if (handoff is null || handoff.Status is HandoffStatus.Sent or HandoffStatus.Failed)
                {
                    // The save that wrote this row lost its race, the lead was erased, or the hand-off is done.
                    if (handoff is not null || now - writtenAt > InMemoryLeadTables.StaleAfter)
                    {
                        stale.Add(row);
                    }

                    continue;
                }

                if ((handoff.NextAttemptAt ?? handoff.QualifiedAt) <= now)
                {
                    due.Add(handoff);
                    if (due.Count >= maxCount)
                    {
                        break;
                    }
                }
            }

            stale.ForEach(row => _tables.DueHandoffs.Remove(row));
            return Task.FromResult<IReadOnlyList<SalesHandoff>>(due);
        }
    }

    public Task<SalesHandoff?> TryUpdateHandoffAsync(SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var etag = handoff.ETag ?? throw new ArgumentException("The hand-off has no ETag.", nameof(handoff));
        lock (_tables.Gate)
        {
            var written = Replace(handoff, etag);
            if (written is { Status: HandoffStatus.Sent or HandoffStatus.Failed })
            {
                _tables.DueHandoffs.Remove(InMemoryLeadTables.RowKey(handoff));
            }

            return Task.FromResult(written);
        }
    }

    public Task<SalesHandoff?> TryRecordHandoffSentAsync(SalesHandoff sent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sent);
        if (sent is not { Status: HandoffStatus.Sent, SentAt: { } sentAt })
        {
            throw new ArgumentException("Only a sent hand-off, with the time it was sent, can be recorded as sent.", nameof(sent));
        }

        var rowKey = InMemoryLeadTables.RowKey(sent);
        lock (_tables.Gate)
        {
            // The reminder's index row first; then the hand-off and the lead's SalesNotifiedAt together, or neither.
            if (sent.Reminder is { } reminder)
            {
                _tables.Reminders[(reminder.DueAt.UtcTicks, rowKey)] = _tables.Clock.GetUtcNow();
            }

            var etag = sent.ETag ?? throw new ArgumentException("The hand-off has no ETag.", nameof(sent));
            var written = Replace(sent, etag);
            if (written is null)
            {
                if (sent.Reminder is { } planned && _tables.Live(sent.LeadId) is null)
                {
                    _tables.Reminders.Remove((planned.DueAt.UtcTicks, rowKey)); // its lead is gone: the row names nothing
                }

                return Task.FromResult<SalesHandoff?>(null);
            }

            var partition = _tables.Partitions[sent.LeadId];
            partition.Lead = partition.Lead with { SalesNotifiedAt = sentAt, ETag = _tables.NextETag() };
            _tables.DueHandoffs.Remove(rowKey);
            return Task.FromResult<SalesHandoff?>(written);
        }
    }

    public Task<SalesHandoff?> GetHandoffAsync(string leadId, string handoffId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId) || !SalesHandoff.TryParseId(handoffId, out _))
        {
            return Task.FromResult<SalesHandoff?>(null);
        }

        lock (_tables.Gate)
        {
            return Task.FromResult(_tables.Handoff(leadId, handoffId));
        }
    }

    public Task<IReadOnlyList<SalesHandoff>> GetDueRemindersAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_tables.Gate)
        {
            var due = new List<SalesHandoff>();
            var stale = new List<(long, string)>();
            foreach (var (row, writtenAt) in _tables.Reminders.TakeWhile(entry => entry.Key.Ticks <= now.UtcTicks))
            {
                var handoff = _tables.Handoff(row.Key);
                if (handoff?.Reminder is not { Status: ReminderStatus.Pending or ReminderStatus.Sending } reminder
                    || reminder.DueAt.UtcTicks != row.Ticks)
                {
                    // Finished, erased, or the hand-off's write never happened.
                    if (handoff?.Reminder is { Status: not (ReminderStatus.Pending or ReminderStatus.Sending) }
                        || now - writtenAt > InMemoryLeadTables.StaleAfter)
                    {
                        stale.Add(row);
                    }

                    continue;
                }

                if (reminder.IsDueAt(now))
                {
                    due.Add(handoff);
                    if (due.Count >= maxCount)
                    {
                        break;
                    }
                }
            }

            stale.ForEach(row => _tables.Reminders.Remove(row));
            return Task.FromResult<IReadOnlyList<SalesHandoff>>(due);
        }
    }

    public Task<SalesHandoff?> TryUpdateReminderAsync(SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var reminder = handoff.Reminder ?? throw new ArgumentException("The hand-off has no reminder.", nameof(handoff));
        var etag = handoff.ETag ?? throw new ArgumentException("The hand-off has no ETag.", nameof(handoff));
        lock (_tables.Gate)
        {
            if (reminder.Status == ReminderStatus.Sending)
            {
                _tables.Funnel.Record([FunnelEntries.SlaOverdue(handoff)]); // claimed: its SLA ran out unanswered
            }

            var written = Replace(handoff, etag);
            if (written is not null && reminder.Status is not (ReminderStatus.Pending or ReminderStatus.Sending))
            {
                _tables.Reminders.Remove((reminder.DueAt.UtcTicks, InMemoryLeadTables.RowKey(handoff)));
            }

            return Task.FromResult(written);
        }
    }

    /// <summary>Replaces a hand-off row if its ETag is current; null when it is not, or the row or its lead is gone.</summary>
    private SalesHandoff? Replace(SalesHandoff handoff, string etag)
    {
        if (_tables.Live(handoff.LeadId) is not { } partition
            || !partition.Handoffs.TryGetValue(handoff.HandoffId, out var current)
            || !InMemoryLeadTables.Matches(current.ETag, etag))
        {
            return null;
        }

        // As on the tables, the write also merges nothing into the lead row (refused while the lead is erased): its ETag moves.
        var written = handoff with { ETag = _tables.NextETag() };
        partition.Handoffs[handoff.HandoffId] = written;
        partition.Lead = partition.Lead with { ETag = _tables.NextETag() };
        return written;
    }
}
