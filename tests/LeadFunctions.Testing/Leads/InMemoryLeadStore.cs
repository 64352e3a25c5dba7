using System.Globalization;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Reporting;
using LeadFunctions.Sales;

namespace LeadFunctions.Testing.Leads;

/// <summary>
/// <see cref="ILeadStore"/> in this process, for use-case tests and benchmarks: the table store's contract
/// (src/LeadFunctions.Infrastructure/Storage/TableLeadStore.cs) and its access costs without a server. A lead's
/// partition (its row, events, hand-offs and status receipts) is found by key; the index tables (email, stage, decay
/// review, due hand-offs, SLA reminders) are ordered sets read as ranges, so a read costs what the rows it returns cost.
/// As on Table Storage: every write is guarded by an ETag ("*" matches any), events are stored once per (source, event
/// id), a status's external id is recorded once, and index rows are written before the lead's write and checked against
/// it when read, so a write that loses its ETag race leaves a stale index row that readers skip.
/// One lock makes each call atomic, as an entity group transaction is. Erasure is two steps, as on the tables: the lead is
/// marked (<see cref="BeginErasure"/>; from then on it is gone to readers and every write to it is refused), then removed.
/// </summary>
public sealed class InMemoryLeadStore(TimeProvider? timeProvider = null) : ILeadStore
{
    /// <summary>Events per entity group transaction besides the lead row (Table Storage allows 100 rows).</summary>
    private const int EventsPerBatch = 99;

    /// <summary>How old an index row without its hand-off must be before a reader removes it (as the table store does).</summary>
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(10);

    private static readonly Comparer<(long Ticks, string Key)> ByTimeThenKey = Comparer<(long Ticks, string Key)>.Create(
        (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.Key, b.Key));

    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Partition> _leads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _emails = new(StringComparer.Ordinal);
    private readonly Dictionary<LeadStage, SortedSet<string>> _stages = [];
    private readonly Dictionary<(LeadStage Stage, string LeadId), DateTimeOffset?> _enteredAt = [];
    private readonly SortedSet<(long Ticks, string Key)> _decay = new(ByTimeThenKey);
    private readonly SortedDictionary<string, DateTimeOffset> _dueHandoffs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(long Ticks, string Key), DateTimeOffset> _reminders = new(ByTimeThenKey);
    private long _version;
    private int _leadReads;

    /// <summary>The funnel's counters, recorded as the table store records them when a save moves a lead into a stage.</summary>
    public InMemoryFunnelStore Funnel { get; } = new();

    /// <summary>
    /// Lead rows read so far, as the table store would read them: one per point read of a lead (get, find by email,
    /// scoring state) and one per index row a list by stage returns. Index rows read alone are not counted.
    /// </summary>
    public int LeadReads => Volatile.Read(ref _leadReads);

    /// <summary>
    /// Puts <paramref name="lead"/> into the store as given (its id, profile and score) with <paramref name="events"/>,
    /// replacing all the store held for that id, and indexes it as a saved score is indexed (email, stage, decay
    /// review). Returns the lead with its ETag.
    /// </summary>
    public Lead Seed(Lead lead, IEnumerable<StoredEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        lock (_gate)
        {
            Erase(lead.LeadId);
            var stored = lead with { ETag = NextETag() };
            _leads[lead.LeadId] = new Partition(stored, events ?? []);
            _emails[lead.Profile.Email] = lead.LeadId;
            if (lead.Score is { } score)
            {
                StageRows(score.Stage).Add(lead.LeadId);
                _enteredAt[(score.Stage, lead.LeadId)] = KnownOutcomes.OutcomeTime(lead, score.Stage);
                if (score.DecayReviewDueAt is { } due)
                {
                    _decay.Add((due.UtcTicks, lead.LeadId));
                }
            }

            return stored;
        }
    }

    /// <summary>
    /// Puts <paramref name="handoff"/> into its lead's partition as given (the lead is seeded first) and indexes it as
    /// the table store does: due while pending or sending, its reminder while that is pending or sending. Returns the
    /// hand-off with its ETag.
    /// </summary>
    public SalesHandoff Seed(SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        lock (_gate)
        {
            var partition = _leads.GetValueOrDefault(handoff.LeadId)
                ?? throw new InvalidOperationException($"Seed lead {handoff.LeadId} before its hand-off.");
            var stored = handoff with { ETag = NextETag() };
            partition.Handoffs[handoff.HandoffId] = stored;
            var now = _clock.GetUtcNow();
            if (handoff.Status is HandoffStatus.Pending or HandoffStatus.Sending)
            {
                _dueHandoffs[RowKey(handoff)] = now;
            }

            if (handoff.Reminder is { Status: ReminderStatus.Pending or ReminderStatus.Sending } reminder)
            {
                _reminders[(reminder.DueAt.UtcTicks, RowKey(handoff))] = now;
            }

            return stored;
        }
    }

    public Task<Lead?> FindLeadByEmailAsync(string normalizedEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(normalizedEmail);
        lock (_gate)
        {
            return Task.FromResult(_emails.TryGetValue(normalizedEmail, out var leadId) ? Read(leadId)?.Lead : null);
        }
    }

    public Task<(Lead Lead, bool Created)> GetOrCreateLeadAsync(
        LeadProfile profile,
        LeadAttribution attribution,
        IReadOnlyList<StoredEvent>? firstEvents = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        lock (_gate)
        {
            // The email index decides which lead owns the email; an index row whose lead row is missing keeps its id, but
            // a lead being erased never gets its address back: the claim goes to a new lead.
            if (_emails.TryGetValue(profile.Email, out var leadId) && _leads.TryGetValue(leadId, out var existing))
            {
                if (!existing.Erasing)
                {
                    return Task.FromResult((existing.Lead, false));
                }

                leadId = null;
            }

            leadId ??= Lead.NewLeadId(_clock);
            _emails[profile.Email] = leadId;
            var now = _clock.GetUtcNow();
            var lead = new Lead
            {
                LeadId = leadId,
                Profile = profile,
                Attribution = attribution,
                CreatedAt = now,
                UpdatedAt = now,
                ETag = NextETag(),
            };
            _leads[leadId] = new Partition(lead, (firstEvents ?? []).DistinctBy(EventKey).Take(EventsPerBatch));
            return Task.FromResult((lead, true));
        }
    }

    public Task<Lead?> GetLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(Lead.IsValidLeadId(leadId) ? Read(leadId)?.Lead : null);
        }
    }

    public Task<bool> TryUpdateProfileAsync(Lead lead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var etag = lead.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(lead));
        lock (_gate)
        {
            if (Live(lead.LeadId) is not { } partition || !Matches(partition.Lead.ETag, etag))
            {
                return Task.FromResult(false);
            }

            // The whole lead row is replaced with what the caller holds.
            partition.Lead = lead with { ETag = NextETag() };
            return Task.FromResult(true);
        }
    }

    public Task<EventAppendResult> AppendEventsAsync(
        string leadId,
        IReadOnlyList<StoredEvent> events,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var distinct = events.DistinctBy(EventKey).ToList();
        var duplicates = events.Count - distinct.Count;
        var stored = 0;
        lock (_gate)
        {
            // Batch by batch as on Table Storage: each batch that stores an event also touches the lead row, so its
            // ETag changes and a score computed before these events cannot be saved.
            foreach (var batch in distinct.Chunk(EventsPerBatch))
            {
                var partition = Live(leadId);
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
                partition.Lead = partition.Lead with { ETag = NextETag() };
                stored += fresh.Count;
            }
        }

        return Task.FromResult(new EventAppendResult(stored, duplicates));
    }

    public Task<LeadScoringState?> GetScoringStateAsync(string leadId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!Lead.IsValidLeadId(leadId) || Read(leadId) is not { } partition)
            {
                return Task.FromResult<LeadScoringState?>(null);
            }

            IReadOnlyList<EngagementEvent> events = [.. partition.Events.Select(stored => stored.Event).OrderBy(e => e.OccurredAt)];
            return Task.FromResult<LeadScoringState?>(new LeadScoringState(partition.Lead, events));
        }
    }

    public Task<bool> TrySaveScoreAsync(
        Lead current,
        StoredScore score,
        SalesHandoff? handoff,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(score);
        var leadId = current.LeadId;
        if (handoff is not null && handoff.LeadId != leadId)
        {
            throw new ArgumentException("A hand-off is saved in its own lead's partition.", nameof(handoff));
        }

        var previousStage = current.Score is null ? (LeadStage?)null : current.Stage;
        var previousDue = current.Score?.DecayReviewDueAt;
        lock (_gate)
        {
            // Index rows first, as the table store writes them: a save that loses below leaves them stale.
            if (handoff is not null)
            {
                _dueHandoffs[RowKey(handoff)] = _clock.GetUtcNow();
            }

            if (score.DecayReviewDueAt is { } due && due != previousDue)
            {
                _decay.Add((due.UtcTicks, leadId));
            }

            EnterStage(current, score);
            var etag = current.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(current));
            if (Live(leadId) is not { } partition)
            {
                // Gone, or being erased: the index rows written above name a lead that will never be back.
                ForgetStage(leadId, previousStage, score.Stage);
                if (score.DecayReviewDueAt is { } written && written != previousDue)
                {
                    _decay.Remove((written.UtcTicks, leadId));
                }

                if (handoff is not null)
                {
                    _dueHandoffs.Remove(RowKey(handoff));
                }

                return Task.FromResult(false);
            }

            if (!Matches(partition.Lead.ETag, etag) || (handoff is not null && partition.Handoffs.ContainsKey(handoff.HandoffId)))
            {
                return Task.FromResult(false);
            }

            partition.Lead = current with { Score = score, UpdatedAt = now, ETag = NextETag() };
            Funnel.Record(FunnelEntries.Between(current, partition.Lead));
            if (handoff is not null)
            {
                partition.Handoffs[handoff.HandoffId] = handoff with { ETag = NextETag() };
            }

            if (previousDue is { } oldDue && oldDue != score.DecayReviewDueAt)
            {
                _decay.Remove((oldDue.UtcTicks, leadId));
            }

            LeaveStage(leadId, previousStage, score.Stage);
            return Task.FromResult(true);
        }
    }

    public Task<SalesSaveResult> TrySaveSalesActionAsync(
        Lead current,
        StoredScore score,
        SalesStatusReceipt? receipt,
        DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(score);
        var leadId = current.LeadId;
        var previousStage = current.Score is null ? (LeadStage?)null : current.Stage;
        lock (_gate)
        {
            EnterStage(current, score);

            // The lead row first, then the receipt, as in the table store's transaction: the first that fails decides.
            var etag = current.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(current));
            if (Live(leadId) is not { } partition)
            {
                ForgetStage(leadId, previousStage, score.Stage);
                return Task.FromResult(SalesSaveResult.NotFound);
            }

            if (!Matches(partition.Lead.ETag, etag))
            {
                return Task.FromResult(SalesSaveResult.Changed);
            }

            if (receipt is not null
                && !partition.Receipts.TryAdd(receipt.ExternalId, receipt with { Status = score.StageHistory[^1].Action }))
            {
                return Task.FromResult(SalesSaveResult.AlreadyRecorded);
            }

            partition.Lead = current with { Score = score, UpdatedAt = now, ETag = NextETag() };
            Funnel.Record(FunnelEntries.Between(current, partition.Lead));
            LeaveStage(leadId, previousStage, score.Stage);
            return Task.FromResult(SalesSaveResult.Saved);
        }
    }

    public Task<bool> IsSalesStatusRecordedAsync(string leadId, string externalId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        lock (_gate)
        {
            return Task.FromResult(Lead.IsValidLeadId(leadId) && _leads.GetValueOrDefault(leadId)?.Receipts.ContainsKey(externalId) == true);
        }
    }

    public Task<SalesStatusReceipt?> GetSalesStatusReceiptAsync(
        string leadId,
        string externalId,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        lock (_gate)
        {
            return Task.FromResult(Lead.IsValidLeadId(leadId) ? _leads.GetValueOrDefault(leadId)?.Receipts.GetValueOrDefault(externalId) : null);
        }
    }

    /// <summary>Stores a receipt as a store written before bodies were kept left it (no body hash): for tests of replays of those.</summary>
    public void AddReceiptWithoutBody(string leadId, string externalId, SalesActionKind status)
    {
        lock (_gate)
        {
            _leads[leadId].Receipts[externalId] = new SalesStatusReceipt(externalId) { Status = status };
        }
    }

    public Task<SalesHandoff?> GetHandoffAsync(string leadId, string handoffId, CancellationToken cancellationToken = default)
    {
        if (!Lead.IsValidLeadId(leadId) || !SalesHandoff.TryParseId(handoffId, out _))
        {
            return Task.FromResult<SalesHandoff?>(null);
        }

        lock (_gate)
        {
            return Task.FromResult(Handoff(leadId, handoffId));
        }
    }

    public Task<LeadPage> ListLeadsByStageAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var (ids, next) = Page(From(StageRows(stage), continuationToken), pageSize);

            // A stale row (the lead moved on, or is gone) is left out of its page, as the table store leaves it out.
            IReadOnlyList<Lead> leads = [.. ids.Select(id => Read(id)?.Lead).OfType<Lead>().Where(lead => lead.Stage == stage)];
            return Task.FromResult(new LeadPage(leads, next));
        }
    }

    public Task<StageEntryPage> ListStageEntriesAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var (ids, next) = Page(From(StageRows(stage), continuationToken), pageSize);
            IReadOnlyList<StageEntry> entries = [.. ids.Select(id => new StageEntry(id, _enteredAt.GetValueOrDefault((stage, id))))];
            return Task.FromResult(new StageEntryPage(entries, next));
        }
    }

    public Task<LeadIdPage> ListLeadIdsAsync(string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // A query over every partition, as on Table Storage.
            var from = _leads.Where(pair => !pair.Value.Erasing).Select(pair => pair.Key)
                .Where(id => continuationToken is null || string.CompareOrdinal(id, continuationToken) >= 0)
                .Order(StringComparer.Ordinal);
            var (ids, next) = Page(from, pageSize);
            return Task.FromResult(new LeadIdPage(ids, next));
        }
    }

    public Task<IReadOnlyList<DecayReview>> GetDueDecayReviewsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_gate)
        {
            IReadOnlyList<DecayReview> due = [.. _decay
                .TakeWhile(row => row.Ticks <= now.UtcTicks)
                .Take(maxCount)
                .Select(row => new DecayReview(row.Key, new DateTimeOffset(row.Ticks, TimeSpan.Zero)))];
            return Task.FromResult(due);
        }
    }

    public Task RemoveDecayReviewAsync(DecayReview review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        lock (_gate)
        {
            _decay.Remove((review.DueAt.UtcTicks, review.LeadId));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SalesHandoff>> GetDueHandoffsAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var due = new List<SalesHandoff>();
            var stale = new List<string>();
            foreach (var (row, writtenAt) in _dueHandoffs)
            {
                var handoff = Handoff(row);
                if (handoff is null || handoff.Status is HandoffStatus.Sent or HandoffStatus.Failed)
                {
                    // The save that wrote this row lost its race, the lead was erased, or the hand-off is done.
                    if (handoff is not null || now - writtenAt > OrphanAge)
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

            stale.ForEach(row => _dueHandoffs.Remove(row));
            return Task.FromResult<IReadOnlyList<SalesHandoff>>(due);
        }
    }

    public Task<SalesHandoff?> TryUpdateHandoffAsync(SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var etag = handoff.ETag ?? throw new ArgumentException("The hand-off has no ETag.", nameof(handoff));
        lock (_gate)
        {
            var written = Replace(handoff, etag);
            if (written is { Status: HandoffStatus.Sent or HandoffStatus.Failed })
            {
                _dueHandoffs.Remove(RowKey(handoff));
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

        lock (_gate)
        {
            // The reminder's index row first; then the hand-off and the lead's SalesNotifiedAt together, or neither.
            if (sent.Reminder is { } reminder)
            {
                _reminders[(reminder.DueAt.UtcTicks, RowKey(sent))] = _clock.GetUtcNow();
            }

            var etag = sent.ETag ?? throw new ArgumentException("The hand-off has no ETag.", nameof(sent));
            var written = Replace(sent, etag);
            if (written is null)
            {
                if (sent.Reminder is { } planned && Live(sent.LeadId) is null)
                {
                    _reminders.Remove((planned.DueAt.UtcTicks, RowKey(sent))); // its lead is gone: the row names nothing
                }

                return Task.FromResult<SalesHandoff?>(null);
            }

            var partition = _leads[sent.LeadId];
            partition.Lead = partition.Lead with { SalesNotifiedAt = sentAt, ETag = NextETag() };
            _dueHandoffs.Remove(RowKey(sent));
            return Task.FromResult<SalesHandoff?>(written);
        }
    }

    public Task<IReadOnlyList<SalesHandoff>> GetDueRemindersAsync(
        DateTimeOffset now,
        int maxCount,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_gate)
        {
            var due = new List<SalesHandoff>();
            var stale = new List<(long, string)>();
            foreach (var (row, writtenAt) in _reminders.TakeWhile(entry => entry.Key.Ticks <= now.UtcTicks))
            {
                var handoff = Handoff(row.Key);
                if (handoff?.Reminder is not { Status: ReminderStatus.Pending or ReminderStatus.Sending } reminder
                    || reminder.DueAt.UtcTicks != row.Ticks)
                {
                    // Finished, erased, or the hand-off's write never happened.
                    if (handoff?.Reminder is { Status: not (ReminderStatus.Pending or ReminderStatus.Sending) }
                        || now - writtenAt > OrphanAge)
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

            stale.ForEach(row => _reminders.Remove(row));
            return Task.FromResult<IReadOnlyList<SalesHandoff>>(due);
        }
    }

    public Task<SalesHandoff?> TryUpdateReminderAsync(SalesHandoff handoff, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        var reminder = handoff.Reminder ?? throw new ArgumentException("The hand-off has no reminder.", nameof(handoff));
        var etag = handoff.ETag ?? throw new ArgumentException("The hand-off has no ETag.", nameof(handoff));
        lock (_gate)
        {
            if (reminder.Status == ReminderStatus.Sending)
            {
                Funnel.Record([FunnelEntries.SlaOverdue(handoff)]); // claimed: its SLA ran out unanswered
            }

            var written = Replace(handoff, etag);
            if (written is not null && reminder.Status is not (ReminderStatus.Pending or ReminderStatus.Sending))
            {
                _reminders.Remove((reminder.DueAt.UtcTicks, RowKey(handoff)));
            }

            return Task.FromResult(written);
        }
    }

    public Task EraseLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        if (Lead.IsValidLeadId(leadId))
        {
            BeginErasure(leadId);
            lock (_gate)
            {
                Erase(leadId);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The first step of <see cref="EraseLeadAsync"/> alone, as the table store takes it (the lead's row becomes its
    /// tombstone): the lead is gone to every reader and every write to it is refused, but its rows are still there. For
    /// tests of what a use case does when it meets a lead half-way through its erasure. False when there is no such lead.
    /// </summary>
    public bool BeginErasure(string leadId)
    {
        lock (_gate)
        {
            if (Read(leadId) is not { } partition)
            {
                return false;
            }

            partition.Erasing = true;
            return true;
        }
    }

    public Task CheckAvailabilityAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private static (string Source, string EventId) EventKey(StoredEvent stored) => (stored.Source, stored.Event.EventId);

    private static string RowKey(SalesHandoff handoff) => handoff.LeadId + "|" + handoff.HandoffId;

    private static bool Matches(string? stored, string expected) => expected == "*" || expected == stored;

    /// <summary>
    /// A page of the ordered row keys (those from the continuation token on), and the next page's token (null after the
    /// last).
    /// </summary>
    private static (IReadOnlyList<string> Keys, string? Next) Page(IEnumerable<string> ordered, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var keys = ordered.Take(pageSize + 1).ToList();
        return keys.Count > pageSize ? (keys.GetRange(0, pageSize), keys[pageSize]) : (keys, null);
    }

    /// <summary>The rows of an index partition from the continuation token on: a range, not a scan.</summary>
    private static IEnumerable<string> From(SortedSet<string> rows, string? continuationToken) => continuationToken switch
    {
        null => rows,
        _ when rows.Count > 0 && string.CompareOrdinal(continuationToken, rows.Max) <= 0 =>
            rows.GetViewBetween(continuationToken, rows.Max),
        _ => [],
    };

    /// <summary>The lead's partition if the lead exists and is not being erased (counted as a read of its row).</summary>
    private Partition? Read(string leadId)
    {
        Interlocked.Increment(ref _leadReads);
        return Live(leadId);
    }

    /// <summary>The lead's partition if the lead exists and is not being erased: what a write to it needs.</summary>
    private Partition? Live(string leadId) => _leads.GetValueOrDefault(leadId) is { Erasing: false } partition ? partition : null;

    private SortedSet<string> StageRows(LeadStage stage)
    {
        if (!_stages.TryGetValue(stage, out var rows))
        {
            rows = new SortedSet<string>(StringComparer.Ordinal);
            _stages[stage] = rows;
        }

        return rows;
    }

    /// <summary>The lead's row in its new stage's index, with when it moved there (as the table store writes it).</summary>
    private void EnterStage(Lead current, StoredScore score)
    {
        if ((current.Score is null ? (LeadStage?)null : current.Stage) != score.Stage)
        {
            StageRows(score.Stage).Add(current.LeadId);
            _enteredAt[(score.Stage, current.LeadId)] = KnownOutcomes.OutcomeTime(current with { Score = score }, score.Stage);
        }
    }

    private void LeaveStage(string leadId, LeadStage? previous, LeadStage next)
    {
        if (previous is { } old && old != next)
        {
            StageRows(old).Remove(leadId);
            _enteredAt.Remove((old, leadId));
        }
    }

    /// <summary>The stage index row a refused save wrote for a lead that is gone.</summary>
    private void ForgetStage(string leadId, LeadStage? previous, LeadStage next)
    {
        if (previous != next)
        {
            StageRows(next).Remove(leadId);
            _enteredAt.Remove((next, leadId));
        }
    }

    private SalesHandoff? Handoff(string leadId, string handoffId) =>
        _leads.GetValueOrDefault(leadId)?.Handoffs.GetValueOrDefault(handoffId);

    private SalesHandoff? Handoff(string rowKey)
    {
        var separator = rowKey.IndexOf('|', StringComparison.Ordinal);
        return Handoff(rowKey[..separator], rowKey[(separator + 1)..]);
    }

    /// <summary>Replaces a hand-off row if its ETag is current; null when it is not, or the row or its lead is gone.</summary>
    private SalesHandoff? Replace(SalesHandoff handoff, string etag)
    {
        if (Live(handoff.LeadId) is not { } partition
            || !partition.Handoffs.TryGetValue(handoff.HandoffId, out var current)
            || !Matches(current.ETag, etag))
        {
            return null;
        }

        // As on the tables, the write also merges nothing into the lead row (refused while the lead is erased): its ETag moves.
        var written = handoff with { ETag = NextETag() };
        partition.Handoffs[handoff.HandoffId] = written;
        partition.Lead = partition.Lead with { ETag = NextETag() };
        return written;
    }

    /// <summary>Removes the lead, its partition and its index rows, as the table store's erasure does.</summary>
    private void Erase(string leadId)
    {
        if (!_leads.Remove(leadId, out var partition))
        {
            return;
        }

        var lead = partition.Lead;
        if (_emails.GetValueOrDefault(lead.Profile.Email) == leadId)
        {
            _emails.Remove(lead.Profile.Email); // unless a capture during the erasure gave the address to a new lead
        }

        foreach (var stage in Enum.GetValues<LeadStage>())
        {
            StageRows(stage).Remove(leadId);
            _enteredAt.Remove((stage, leadId));
        }

        if (lead.Score?.DecayReviewDueAt is { } due)
        {
            _decay.Remove((due.UtcTicks, leadId));
        }

        foreach (var handoff in partition.Handoffs.Values)
        {
            _dueHandoffs.Remove(RowKey(handoff));
            if (handoff.Reminder is { } reminder)
            {
                _reminders.Remove((reminder.DueAt.UtcTicks, RowKey(handoff)));
            }
        }
    }

    private string NextETag() => "W/\"" + (++_version).ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>One lead's partition of the Leads table.</summary>
    private sealed class Partition(Lead lead, IEnumerable<StoredEvent> events)
    {
        private readonly List<StoredEvent> _events = [.. events];

        /// <summary>Built on the first append (a seeded store of many leads does without).</summary>
        private HashSet<(string Source, string EventId)>? _eventKeys;

        public Lead Lead { get; set; } = lead;

        /// <summary>Its erasure began: gone to readers, refused to writers.</summary>
        public bool Erasing { get; set; }

        public IReadOnlyList<StoredEvent> Events => _events;

        public Dictionary<string, SalesHandoff> Handoffs { get; } = new(StringComparer.Ordinal);

        /// <summary>The external ids of the sales statuses recorded for the lead.</summary>
        public Dictionary<string, SalesStatusReceipt> Receipts { get; } = new(StringComparer.Ordinal);

        public bool Holds(StoredEvent stored) => (_eventKeys ??= [.. _events.Select(EventKey)]).Contains(EventKey(stored));

        public void Add(IEnumerable<StoredEvent> added)
        {
            foreach (var stored in added)
            {
                _events.Add(stored);
                _eventKeys?.Add(EventKey(stored));
            }
        }
    }
}
