using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;
using LeadFunctions.Qualification;
using LeadFunctions.Reporting;

namespace LeadFunctions.Testing.Leads;

/// <summary><see cref="ILeadScoreStore"/> over <see cref="InMemoryLeadTables"/>, as TableLeadScoreStore is over the tables.</summary>
public sealed class InMemoryLeadScoreStore : ILeadScoreStore
{
    private readonly InMemoryLeadTables _tables;

    internal InMemoryLeadScoreStore(InMemoryLeadTables tables) => _tables = tables;

    public Task<LeadScoringState?> GetScoringStateAsync(string leadId, CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            if (!Lead.IsValidLeadId(leadId) || _tables.Read(leadId) is not { } partition)
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

        var previousStage = InMemoryLeadTables.PreviousStage(current);
        var previousDue = current.Score?.DecayReviewDueAt;
        lock (_tables.Gate)
        {
            // Index rows first, as the table adapter writes them: a save that loses below leaves them stale.
            if (handoff is not null)
            {
                _tables.DueHandoffs[InMemoryLeadTables.RowKey(handoff)] = _tables.Clock.GetUtcNow();
            }

            if (score.DecayReviewDueAt is { } due && due != previousDue)
            {
                _tables.DecayIndex.Add((due.UtcTicks, leadId));
            }

            _tables.EnterStage(current, score);
            var etag = current.ETag ?? throw new ArgumentException("The lead has no ETag.", nameof(current));
            if (_tables.Live(leadId) is not { } partition)
            {
                // Gone, or being erased: the index rows written above name a lead that will never be back.
                _tables.ForgetStage(leadId, previousStage, score.Stage);
                if (score.DecayReviewDueAt is { } written && written != previousDue)
                {
                    _tables.DecayIndex.Remove((written.UtcTicks, leadId));
                }

                if (handoff is not null)
                {
                    _tables.DueHandoffs.Remove(InMemoryLeadTables.RowKey(handoff));
                }

                return Task.FromResult(false);
            }

            if (!InMemoryLeadTables.Matches(partition.Lead.ETag, etag)
                || (handoff is not null && partition.Handoffs.ContainsKey(handoff.HandoffId)))
            {
                return Task.FromResult(false);
            }

            partition.Lead = current with { Score = score, UpdatedAt = now, ETag = _tables.NextETag() };
            _tables.Funnel.Record(FunnelEntries.Between(current, partition.Lead));
            if (handoff is not null)
            {
                partition.Handoffs[handoff.HandoffId] = handoff with { ETag = _tables.NextETag() };
            }

            if (previousDue is { } oldDue && oldDue != score.DecayReviewDueAt)
            {
                _tables.DecayIndex.Remove((oldDue.UtcTicks, leadId));
            }

            _tables.LeaveStage(leadId, previousStage, score.Stage);
            return Task.FromResult(true);
        }
    }

    public Task SaveOutcomeSnapshotAsync(LeadScoringState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var key = (state.Lead.Stage, state.Lead.LeadId);
        if (!state.Lead.Stage.IsOutcome())
        {
            throw new ArgumentException("Only a lead at an outcome stage has an outcome snapshot.", nameof(state));
        }

        lock (_tables.Gate)
        {
            // Only on a row that exists, as the table adapter replaces under "*": a lead that left the stage has none.
            if (_tables.EnteredAt.ContainsKey(key))
            {
                _tables.Snapshots[key] = state with { Lead = state.Lead with { ETag = null } };
            }
        }

        return Task.CompletedTask;
    }

    public Task<OutcomeSnapshotPage> ListOutcomeSnapshotsAsync(
        LeadStage stage,
        string? continuationToken,
        int pageSize,
        CancellationToken cancellationToken = default)
    {
        lock (_tables.Gate)
        {
            var (ids, next) = InMemoryLeadRepository.Page(InMemoryLeadRepository.From(_tables.StageRows(stage), continuationToken), pageSize);
            IReadOnlyList<OutcomeSnapshot> entries = [.. ids.Select(id => new OutcomeSnapshot(
                id,
                _tables.Snapshots.GetValueOrDefault((stage, id)) is { } state ? KnownOutcomes.OutcomeOf(state) : null))];
            return Task.FromResult(new OutcomeSnapshotPage(entries, next));
        }
    }
}
