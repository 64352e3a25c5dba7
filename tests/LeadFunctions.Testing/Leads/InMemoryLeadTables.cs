using System.Globalization;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Sales;
using LeadFunctions.Testing.Visitors;
using LeadFunctions.Visitors;

namespace LeadFunctions.Testing.Leads;

/// <summary>
/// The lead tables in this process, for use-case tests and benchmarks, with a twin of each lead port over them
/// (<see cref="Leads"/>, <see cref="Scores"/>, <see cref="DecayReviews"/>, <see cref="Outbox"/>, <see cref="SalesActions"/>,
/// <see cref="Erasure"/>, <see cref="Health"/>, <see cref="VisitorStore"/>): the table adapters' contract (src/LeadFunctions.Infrastructure/Storage,
/// over one LeadTables) and their access costs without a server, so a write through one port is read through another as
/// in production. A lead's partition (its row, events, hand-offs and status receipts) is found by key; the index tables
/// (email, stage, decay review, due hand-offs, SLA reminders) are ordered sets read as ranges, so a read costs what the
/// rows it returns cost. As on Table Storage: every write is guarded by an ETag ("*" matches any), events are stored once
/// per (source, event id), a status's external id is recorded once, and index rows are written before the lead's write
/// and checked against it when read, so a write that loses its ETag race leaves a stale index row that readers skip.
/// One lock makes each call atomic, as an entity group transaction is. Erasure is two steps, as on the tables: the lead
/// is marked (<see cref="BeginErasure"/>; from then on it is gone to readers and every write to it is refused), then
/// removed.
/// </summary>
public sealed class InMemoryLeadTables
{
    /// <summary>Events per entity group transaction besides the lead row (Table Storage allows 100 rows).</summary>
    internal const int EventsPerBatch = 99;

    /// <summary>How old an index row without its hand-off must be before a reader removes it (as LeadTables.StaleAfter).</summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(10);

    private static readonly Comparer<(long Ticks, string Key)> ByTimeThenKey = Comparer<(long Ticks, string Key)>.Create(
        (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.Key, b.Key));

    private long _version;
    private int _leadReads;

    public InMemoryLeadTables(TimeProvider? timeProvider = null)
    {
        Clock = timeProvider ?? TimeProvider.System;
        Leads = new InMemoryLeadRepository(this);
        Scores = new InMemoryLeadScoreStore(this);
        DecayReviews = new InMemoryDecayReviewIndex(this);
        Outbox = new InMemoryHandoffOutbox(this);
        SalesActions = new InMemorySalesActionStore(this);
        Erasure = new InMemoryLeadErasure(this);
        Health = new InMemoryStorageHealth();
        VisitorStore = new InMemoryVisitorStore(this);
    }

    public InMemoryLeadRepository Leads { get; }

    public InMemoryLeadScoreStore Scores { get; }

    public InMemoryDecayReviewIndex DecayReviews { get; }

    public InMemoryHandoffOutbox Outbox { get; }

    public InMemorySalesActionStore SalesActions { get; }

    public InMemoryLeadErasure Erasure { get; }

    public InMemoryStorageHealth Health { get; }

    /// <summary>The anonymous visitors (their claims and events) beside the leads; a lead's erasure erases those it claimed.</summary>
    public InMemoryVisitorStore VisitorStore { get; }

    /// <summary>The funnel's counters, recorded as the table adapters record them when a save moves a lead into a stage.</summary>
    public InMemoryFunnelStore Funnel { get; } = new();

    /// <summary>
    /// Lead rows read so far, as the table adapters would read them: one per point read of a lead (get, find by email,
    /// scoring state) and one per index row a list by stage returns. Index rows read alone are not counted.
    /// </summary>
    public int LeadReads => Volatile.Read(ref _leadReads);

    internal TimeProvider Clock { get; }

    /// <summary>The one lock: each call of a port twin is atomic, as an entity group transaction is.</summary>
    internal Lock Gate { get; } = new();

    internal Dictionary<string, InMemoryLeadPartition> Partitions { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, string> Emails { get; } = new(StringComparer.Ordinal);

    internal Dictionary<LeadStage, SortedSet<string>> Stages { get; } = [];

    internal Dictionary<(LeadStage Stage, string LeadId), DateTimeOffset?> EnteredAt { get; } = [];

    /// <summary>The outcome snapshots on stage index rows (a row's snapshot goes with the row, and a rewrite of the row drops it).</summary>
    internal Dictionary<(LeadStage Stage, string LeadId), LeadScoringState> Snapshots { get; } = [];

    internal SortedSet<(long Ticks, string Key)> DecayIndex { get; } = new(ByTimeThenKey);

    internal Dictionary<VisitorKey, InMemoryVisitor> Visitors { get; } = [];

    /// <summary>The visitor retention index: when a visitor's oldest event was received, and the visitor.</summary>
    internal SortedSet<(long Ticks, VisitorKey Visitor)> VisitorRetention { get; } = new(
        Comparer<(long Ticks, VisitorKey Visitor)>.Create((a, b) =>
            a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : string.CompareOrdinal(a.Visitor.Value, b.Visitor.Value)));

    /// <summary>Due hand-off index rows (lead|hand-off) with when each was written.</summary>
    internal SortedDictionary<string, DateTimeOffset> DueHandoffs { get; } = new(StringComparer.Ordinal);

    /// <summary>SLA reminder index rows (due ticks, lead|hand-off) with when each was written.</summary>
    internal SortedDictionary<(long Ticks, string Key), DateTimeOffset> Reminders { get; } = new(ByTimeThenKey);

    /// <summary>
    /// Puts <paramref name="lead"/> into the tables as given (its id, profile and score) with <paramref name="events"/>,
    /// replacing all they held for that id, and indexes it as a saved score is indexed (email, stage, decay review).
    /// Returns the lead with its ETag.
    /// </summary>
    public Lead Seed(Lead lead, IEnumerable<StoredEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        lock (Gate)
        {
            Erase(lead.LeadId);
            var stored = lead with { ETag = NextETag() };
            Partitions[lead.LeadId] = new InMemoryLeadPartition(stored, events ?? []);
            Emails[lead.Profile.Email] = lead.LeadId;
            if (lead.Score is { } score)
            {
                StageRows(score.Stage).Add(lead.LeadId);
                EnteredAt[(score.Stage, lead.LeadId)] = KnownOutcomes.OutcomeTime(lead, score.Stage);
                Snapshots.Remove((score.Stage, lead.LeadId));
                if (score.DecayReviewDueAt is { } due)
                {
                    DecayIndex.Add((due.UtcTicks, lead.LeadId));
                }
            }

            return stored;
        }
    }

    /// <summary>
    /// Puts <paramref name="handoff"/> into its lead's partition as given (the lead is seeded first) and indexes it as
    /// the table adapters do: due while pending or sending, its reminder while that is pending or sending. Returns the
    /// hand-off with its ETag.
    /// </summary>
    public SalesHandoff Seed(SalesHandoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        lock (Gate)
        {
            var partition = Partitions.GetValueOrDefault(handoff.LeadId)
                ?? throw new InvalidOperationException($"Seed lead {handoff.LeadId} before its hand-off.");
            var stored = handoff with { ETag = NextETag() };
            partition.Handoffs[handoff.HandoffId] = stored;
            var now = Clock.GetUtcNow();
            if (handoff.Status is HandoffStatus.Pending or HandoffStatus.Sending)
            {
                DueHandoffs[RowKey(handoff)] = now;
            }

            if (handoff.Reminder is { Status: ReminderStatus.Pending or ReminderStatus.Sending } reminder)
            {
                Reminders[(reminder.DueAt.UtcTicks, RowKey(handoff))] = now;
            }

            return stored;
        }
    }

    /// <summary>Stores a receipt as a store written before bodies were kept left it (no body hash): for tests of replays of those.</summary>
    public void AddReceiptWithoutBody(string leadId, string externalId, SalesActionKind status)
    {
        lock (Gate)
        {
            Partitions[leadId].Receipts[externalId] = new SalesStatusReceipt(externalId) { Status = status };
        }
    }

    /// <summary>
    /// The first step of an erasure alone, as the table adapter takes it (the lead's row becomes its tombstone): the lead
    /// is gone to every reader and every write to it is refused, but its rows are still there. For tests of what a use
    /// case does when it meets a lead half-way through its erasure. False when there is no such lead.
    /// </summary>
    public bool BeginErasure(string leadId)
    {
        lock (Gate)
        {
            if (Read(leadId) is not { } partition)
            {
                return false;
            }

            partition.Erasing = true;
            return true;
        }
    }

    internal static (string Source, string EventId) EventKey(StoredEvent stored) => (stored.Source, stored.Event.EventId);

    internal static string RowKey(SalesHandoff handoff) => handoff.LeadId + "|" + handoff.HandoffId;

    internal static bool Matches(string? stored, string expected) => expected == "*" || expected == stored;

    /// <summary>The stage the lead's index row is under: none before its first score.</summary>
    internal static LeadStage? PreviousStage(Lead lead) => lead.Score is null ? null : lead.Stage;

    /// <summary>The lead's partition if the lead exists and is not being erased (counted as a read of its row).</summary>
    internal InMemoryLeadPartition? Read(string leadId)
    {
        Interlocked.Increment(ref _leadReads);
        return Live(leadId);
    }

    /// <summary>The lead's partition if the lead exists and is not being erased: what a write to it needs.</summary>
    internal InMemoryLeadPartition? Live(string leadId) =>
        Partitions.GetValueOrDefault(leadId) is { Erasing: false } partition ? partition : null;

    internal string NextETag() => "W/\"" + (++_version).ToString(CultureInfo.InvariantCulture) + "\"";

    internal SortedSet<string> StageRows(LeadStage stage)
    {
        if (!Stages.TryGetValue(stage, out var rows))
        {
            rows = new SortedSet<string>(StringComparer.Ordinal);
            Stages[stage] = rows;
        }

        return rows;
    }

    /// <summary>The lead's row in its new stage's index, with when it moved there (as the table adapters write it).</summary>
    internal void EnterStage(Lead current, StoredScore score)
    {
        if (PreviousStage(current) != score.Stage)
        {
            StageRows(score.Stage).Add(current.LeadId);
            EnteredAt[(score.Stage, current.LeadId)] = KnownOutcomes.OutcomeTime(current with { Score = score }, score.Stage);
            Snapshots.Remove((score.Stage, current.LeadId));
        }
    }

    internal void LeaveStage(string leadId, LeadStage? previous, LeadStage next)
    {
        if (previous is { } old && old != next)
        {
            StageRows(old).Remove(leadId);
            EnteredAt.Remove((old, leadId));
            Snapshots.Remove((old, leadId));
        }
    }

    /// <summary>The stage index row a refused save wrote for a lead that is gone.</summary>
    internal void ForgetStage(string leadId, LeadStage? previous, LeadStage next)
    {
        if (previous != next)
        {
            StageRows(next).Remove(leadId);
            EnteredAt.Remove((next, leadId));
            Snapshots.Remove((next, leadId));
        }
    }

    internal SalesHandoff? Handoff(string leadId, string handoffId) =>
        Partitions.GetValueOrDefault(leadId)?.Handoffs.GetValueOrDefault(handoffId);

    internal SalesHandoff? Handoff(string rowKey)
    {
        var separator = rowKey.IndexOf('|', StringComparison.Ordinal);
        return Handoff(rowKey[..separator], rowKey[(separator + 1)..]);
    }

    /// <summary>A visitor's row in the retention index, as of when its oldest event was received.</summary>
    internal void IndexVisitor(VisitorKey visitor, DateTimeOffset oldestReceivedAt)
    {
        VisitorRetention.RemoveWhere(row => row.Visitor == visitor);
        VisitorRetention.Add((oldestReceivedAt.UtcTicks, visitor));
    }

    /// <summary>Forgets the visitor when its claim is <paramref name="leadId"/>'s or it has none.</summary>
    internal void ForgetVisitor(VisitorKey visitor, string leadId)
    {
        if (Visitors.TryGetValue(visitor, out var held) && (held.LeadId is null || held.LeadId == leadId))
        {
            Visitors.Remove(visitor);
        }
    }

    /// <summary>Removes the lead, its partition and its index rows, as the table adapter's erasure does.</summary>
    internal void Erase(string leadId)
    {
        if (!Partitions.Remove(leadId, out var partition))
        {
            return;
        }

        foreach (var visitor in partition.VisitorClaims)
        {
            ForgetVisitor(visitor, leadId);
        }

        var lead = partition.Lead;
        if (Emails.GetValueOrDefault(lead.Profile.Email) == leadId)
        {
            Emails.Remove(lead.Profile.Email); // unless a capture during the erasure gave the address to a new lead
        }

        foreach (var stage in Enum.GetValues<LeadStage>())
        {
            StageRows(stage).Remove(leadId);
            EnteredAt.Remove((stage, leadId));
            Snapshots.Remove((stage, leadId));
        }

        if (lead.Score?.DecayReviewDueAt is { } due)
        {
            DecayIndex.Remove((due.UtcTicks, leadId));
        }

        foreach (var handoff in partition.Handoffs.Values)
        {
            DueHandoffs.Remove(RowKey(handoff));
            if (handoff.Reminder is { } reminder)
            {
                Reminders.Remove((reminder.DueAt.UtcTicks, RowKey(handoff)));
            }
        }
    }
}
