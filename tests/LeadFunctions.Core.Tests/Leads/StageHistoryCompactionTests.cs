using LeadFunctions.Leads;
using LeadFunctions.Reporting;
using LeadFunctions.Sales;
using LeadFunctions.Testing.Leads;

namespace LeadFunctions.Core.Tests.Leads;

public sealed class StageHistoryCompactionTests
{
    private static readonly DateTimeOffset QualifiedAt = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_history_within_its_bounds_is_left_as_it_is()
    {
        var score = HistoryScores.With(Alternating(98), "A", QualifiedAt);

        Assert.Same(score, StageHistoryCompaction.Compact(score));
    }

    [Fact]
    public void The_newest_changes_stay_in_full_and_older_ones_are_counted_per_transition_with_their_first_and_last_time()
    {
        var history = Alternating(500);
        var score = HistoryScores.With(history, "A", QualifiedAt);

        var compacted = StageHistoryCompaction.Compact(score);

        Assert.Equal(StageHistoryCompaction.KeptInFull, compacted.StageHistory.Count);
        Assert.Equal(500, StageHistoryCompaction.ChangeCount(compacted));
        // The latest hand-off (the move into SQL by the scores) stays in full whatever its age, then the 99 newest.
        Assert.Equal([history[1], .. history[401..]], compacted.StageHistory);
        var wonToLost = Assert.Single(compacted.CompactedHistory, count => count is { From: LeadStage.Won, To: LeadStage.Lost });
        Assert.Equal((199, history[4].At, history[400].At), (wonToLost.Count, wonToLost.FirstAt, wonToLost.LastAt));
        Assert.Equal(
            [
                (LeadStage.Lead, LeadStage.MQL, 1),
                (LeadStage.SQL, LeadStage.SAL, 1),
                (LeadStage.SAL, LeadStage.Won, 1),
                (LeadStage.Won, LeadStage.Lost, 199),
                (LeadStage.Lost, LeadStage.Won, 198),
            ],
            compacted.CompactedHistory.Select(count => (count.From, count.To, count.Count)));
        Assert.Equal(HandoffPageState.Of(score), HandoffPageState.Of(compacted));
        Assert.Same(compacted, StageHistoryCompaction.Compact(compacted));
    }

    [Fact]
    public void Compacting_again_adds_to_the_counts_and_keeps_the_sales_loop_s_anchors()
    {
        var first = StageHistoryCompaction.Compact(HistoryScores.With(Alternating(300), "A", QualifiedAt));
        var more = first with { StageHistory = [.. first.StageHistory, .. Alternating(350)[300..]] };
        more = more with { Stage = more.StageHistory[^1].To };

        var compacted = StageHistoryCompaction.Compact(more);

        Assert.Equal(350, StageHistoryCompaction.ChangeCount(compacted));
        Assert.Equal(StageHistoryCompaction.KeptInFull, compacted.StageHistory.Count);
        Assert.Equal(SalesHandoff.IdFor(QualifiedAt), SalesTransitions.LatestHandoffId(compacted.StageHistory));
        Assert.Equal(compacted.StageHistory[^1], SalesTransitions.LatestOutcome(compacted.StageHistory));
    }

    [Fact]
    public void Long_texts_keep_fewer_changes_in_full_so_the_stored_size_stays_bounded()
    {
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 500));
        var history = Alternating(300, note: emoji, actor: new string('"', 200));
        var compacted = StageHistoryCompaction.Compact(HistoryScores.With(history, "A", QualifiedAt));

        Assert.True(compacted.StageHistory.Count < 60, $"{compacted.StageHistory.Count} changes kept");
        Assert.True(compacted.StageHistory.Sum(StageHistoryCompaction.StoredLength) <= StageHistoryCompaction.MaxKeptTextLength);
        Assert.Equal(300, StageHistoryCompaction.ChangeCount(compacted));
    }

    [Fact]
    public void The_funnel_counts_a_stage_once_when_its_first_entry_was_compacted()
    {
        var lead = new Lead { LeadId = "0194f1e2a3b4c5d6e7f8091a2b3c4d5e", Profile = new LeadProfile { Email = "a@b.example" }, CreatedAt = QualifiedAt.AddDays(-3), UpdatedAt = QualifiedAt };
        var before = lead with { Score = StageHistoryCompaction.Compact(HistoryScores.With(Alternating(400), "A", QualifiedAt)) };
        var history = before.Score!.StageHistory;
        var last = history[^1];
        var next = new StageChange(last.To, last.To == LeadStage.Won ? LeadStage.Lost : LeadStage.Won, last.At.AddMinutes(1), "again") { Action = SalesActionKind.Won };
        var after = before with { Score = StageHistoryCompaction.Compact(before.Score with { Stage = next.To, StageHistory = [.. history, next] }) };

        Assert.Empty(FunnelEntries.Between(before, after));
    }

    /// <summary>
    /// Lead → MQL → SQL (the hand-off), accept, then won and lost in turn (each a minute later): <paramref name="count"/>
    /// changes in all.
    /// </summary>
    private static StageChange[] Alternating(int count, string? note = null, string actor = "crm")
    {
        var changes = new List<StageChange>
        {
            new(LeadStage.Lead, LeadStage.MQL, QualifiedAt, "engaged"),
            new(LeadStage.MQL, LeadStage.SQL, QualifiedAt, "demo requested"),
            new(LeadStage.SQL, LeadStage.SAL, QualifiedAt.AddMinutes(1), "accepted by sales") { Action = SalesActionKind.Accept, Actor = actor },
        };
        var stage = LeadStage.SAL;
        while (changes.Count < count)
        {
            var to = stage == LeadStage.Won ? LeadStage.Lost : LeadStage.Won;
            changes.Add(new StageChange(stage, to, QualifiedAt.AddMinutes(changes.Count), to == LeadStage.Won ? "won" : "Price")
            {
                Action = to == LeadStage.Won ? SalesActionKind.Won : SalesActionKind.Lost,
                Actor = actor,
                Note = note,
            });
            stage = to;
        }

        return [.. changes];
    }
}
