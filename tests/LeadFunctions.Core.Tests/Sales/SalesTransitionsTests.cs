using LeadFunctions.Leads;
using LeadFunctions.Sales;

namespace LeadFunctions.Core.Tests.Sales;

public sealed class SalesTransitionsTests
{
    private static readonly DateTimeOffset HandedOffAt = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = HandedOffAt.AddHours(3);
    private static readonly SalesOptions Reasons = new();
    private static readonly string HandoffId = SalesHandoff.IdFor(HandedOffAt);

    private static readonly StageChange[] HandedOff =
    [
        new(LeadStage.Lead, LeadStage.MQL, HandedOffAt, "on the way to SQL: test"),
        new(LeadStage.MQL, LeadStage.SQL, HandedOffAt, "test"),
    ];

    [Fact]
    public void Accepting_a_hand_off_makes_a_sal_recorded_with_the_actor_and_time()
    {
        var answer = Decide(LeadStage.SQL, HandedOff, Action(SalesActionKind.Accept) with { Note = "Calling tomorrow" });

        Assert.Equal(SalesTransitionOutcome.Applied, answer.Outcome);
        Assert.Equal(LeadStage.SAL, answer.Stage);
        Assert.Equal(
            new StageChange(LeadStage.SQL, LeadStage.SAL, Now, "accepted by sales")
            {
                Action = SalesActionKind.Accept,
                Actor = "dach-sales@example.com",
                Note = "Calling tomorrow",
            },
            answer.Change);
    }

    [Fact]
    public void Accepting_twice_changes_nothing_and_answers_the_current_state()
    {
        var accepted = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Accept));

        var again = Decide(LeadStage.SAL, accepted, Action(SalesActionKind.Accept));

        Assert.Equal(SalesTransitionOutcome.AlreadyInThatState, again.Outcome);
        Assert.Equal(LeadStage.SAL, again.Stage);
        Assert.Null(again.Change);
    }

    [Fact]
    public void Accepting_again_after_the_deal_was_won_changes_nothing()
    {
        var accepted = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Accept));
        var won = Apply(accepted, LeadStage.SAL, Action(SalesActionKind.Won));

        Assert.Equal(SalesTransitionOutcome.AlreadyInThatState, Decide(LeadStage.Won, won, Action(SalesActionKind.Accept)).Outcome);
    }

    [Theory]
    [InlineData(SalesActionKind.Accept)]
    [InlineData(SalesActionKind.Reject)]
    public void Accept_and_reject_are_refused_for_a_lead_never_handed_off(SalesActionKind kind)
    {
        var mql = new[] { new StageChange(LeadStage.Lead, LeadStage.MQL, HandedOffAt, "test") };

        var answer = Decide(LeadStage.MQL, mql, Action(kind, kind == SalesActionKind.Reject ? "Bad timing" : null));

        Assert.Equal(SalesTransitionOutcome.Refused, answer.Outcome);
        Assert.Equal(LeadStage.MQL, answer.Stage);
        Assert.Contains("never handed to sales", answer.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bad timing", LeadStage.Recycled)]
    [InlineData("no budget", LeadStage.Recycled)]
    [InlineData("No response", LeadStage.Recycled)]
    [InlineData("Not a fit", LeadStage.Disqualified)]
    [InlineData("Spam or fake", LeadStage.Disqualified)]
    [InlineData("Duplicate", LeadStage.Disqualified)]
    [InlineData("Competitor", LeadStage.Disqualified)]
    public void The_reject_reason_decides_recycled_or_disqualified(string reason, LeadStage expected)
    {
        var answer = Decide(LeadStage.SQL, HandedOff, Action(SalesActionKind.Reject, reason));

        Assert.Equal(SalesTransitionOutcome.Applied, answer.Outcome);
        Assert.Equal(expected, answer.Change!.To);
        Assert.Equal(Reasons.FindRejectReason(reason)!.Value.Reason, answer.Change.Reason);
    }

    [Fact]
    public void Rejecting_twice_changes_nothing_even_with_another_reason()
    {
        var rejected = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Reject, "Bad timing"));

        var again = Decide(LeadStage.Recycled, rejected, Action(SalesActionKind.Reject, "Spam or fake"));

        Assert.Equal(SalesTransitionOutcome.AlreadyInThatState, again.Outcome);
        Assert.Equal(LeadStage.Recycled, again.Stage);
    }

    [Fact]
    public void Accepting_a_rejected_hand_off_is_refused()
    {
        var rejected = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Reject, "Not a fit"));

        var answer = Decide(LeadStage.Disqualified, rejected, Action(SalesActionKind.Accept));

        Assert.Equal(SalesTransitionOutcome.Refused, answer.Outcome);
        Assert.Contains("already answered", answer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejecting_a_won_lead_is_refused()
    {
        var won = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Won));

        var answer = Decide(LeadStage.Won, won, Action(SalesActionKind.Reject, "Bad timing"));

        Assert.Equal(SalesTransitionOutcome.Refused, answer.Outcome);
        Assert.Contains("a won lead cannot be rejected", answer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sal_can_still_be_rejected()
    {
        var accepted = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Accept));

        var answer = Decide(LeadStage.SAL, accepted, Action(SalesActionKind.Reject, "No response"));

        Assert.Equal((SalesTransitionOutcome.Applied, LeadStage.Recycled), (answer.Outcome, answer.Stage));
    }

    [Theory]
    [InlineData(LeadStage.Lead)]
    [InlineData(LeadStage.MQL)]
    [InlineData(LeadStage.SQL)]
    [InlineData(LeadStage.SAL)]
    [InlineData(LeadStage.Lost)]
    [InlineData(LeadStage.Recycled)]
    [InlineData(LeadStage.Disqualified)]
    public void Won_is_a_fact_recorded_whatever_the_stage(LeadStage stage)
    {
        var answer = Decide(stage, [], Action(SalesActionKind.Won));

        Assert.Equal(SalesTransitionOutcome.Applied, answer.Outcome);
        Assert.Equal((stage, LeadStage.Won), (answer.Change!.From, answer.Change.To));
    }

    [Fact]
    public void Lost_is_recorded_with_its_reason_and_a_second_lost_changes_nothing()
    {
        var accepted = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Accept));

        var lost = Decide(LeadStage.SAL, accepted, Action(SalesActionKind.Lost, "Price"));
        var again = Decide(LeadStage.Lost, [.. accepted, lost.Change!], Action(SalesActionKind.Lost, "Other"));

        Assert.Equal(("Price", LeadStage.Lost), (lost.Change!.Reason, lost.Stage));
        Assert.Equal(SalesTransitionOutcome.AlreadyInThatState, again.Outcome);
    }

    [Theory]
    [InlineData(LeadStage.SQL, SalesTransitionOutcome.Applied)]
    [InlineData(LeadStage.SAL, SalesTransitionOutcome.Applied)]
    [InlineData(LeadStage.Lost, SalesTransitionOutcome.Applied)]
    [InlineData(LeadStage.MQL, SalesTransitionOutcome.Applied)]
    [InlineData(LeadStage.Recycled, SalesTransitionOutcome.AlreadyInThatState)]
    [InlineData(LeadStage.Won, SalesTransitionOutcome.Refused)]
    [InlineData(LeadStage.Disqualified, SalesTransitionOutcome.Refused)]
    public void Recycling_sends_back_to_nurture_except_won_and_disqualified_leads(LeadStage stage, SalesTransitionOutcome expected)
    {
        Assert.Equal(expected, Decide(stage, HandedOff, Action(SalesActionKind.Recycle)).Outcome);
    }

    [Fact]
    public void An_action_on_an_earlier_hand_off_is_refused_once_the_lead_was_handed_off_again()
    {
        var later = HandedOffAt.AddDays(20);
        StageChange[] history =
        [
            .. Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Reject, "Bad timing")),
            new(LeadStage.Recycled, LeadStage.MQL, later, "on the way to SQL: test"),
            new(LeadStage.MQL, LeadStage.SQL, later, "test"),
        ];

        var onOldLink = Decide(LeadStage.SQL, history, Action(SalesActionKind.Accept) with { HandoffId = HandoffId });
        var onNewLink = Decide(LeadStage.SQL, history, Action(SalesActionKind.Accept) with { HandoffId = SalesHandoff.IdFor(later) });

        Assert.Equal(SalesTransitionOutcome.Refused, onOldLink.Outcome);
        Assert.Contains("earlier hand-off", onOldLink.Detail, StringComparison.Ordinal);
        Assert.Equal(SalesTransitionOutcome.Applied, onNewLink.Outcome);
        Assert.Equal(SalesHandoff.IdFor(later), SalesTransitions.LatestHandoffId(history));
    }

    [Fact]
    public void A_hand_off_is_answered_by_any_sales_action_since_it_or_by_a_later_hand_off()
    {
        var accepted = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Accept));

        Assert.False(SalesTransitions.IsAnswered(HandedOff, HandoffId));
        Assert.True(SalesTransitions.IsAnswered(accepted, HandoffId));
        Assert.True(SalesTransitions.IsAnswered(HandedOff, SalesHandoff.IdFor(HandedOffAt.AddDays(-5))));
    }

    [Theory]
    [InlineData(LeadStage.Lead)]
    [InlineData(LeadStage.SQL)]
    [InlineData(LeadStage.Won)]
    [InlineData(LeadStage.Recycled)]
    public void Disqualifying_is_a_fact_recorded_whatever_the_stage_and_a_repeat_changes_nothing(LeadStage stage)
    {
        var answer = Decide(stage, [], Action(SalesActionKind.Disqualify, "Competitor"));
        var again = Decide(LeadStage.Disqualified, [answer.Change!], Action(SalesActionKind.Disqualify, "Competitor"));

        Assert.Equal(
            (SalesTransitionOutcome.Applied, stage, LeadStage.Disqualified, "Competitor"),
            (answer.Outcome, answer.Change!.From, answer.Change.To, answer.Change.Reason));
        Assert.Equal(SalesTransitionOutcome.AlreadyInThatState, again.Outcome);
    }

    [Theory]
    [InlineData(SalesActionKind.Won, null, SalesActionKind.Lost, "Price")]
    [InlineData(SalesActionKind.Won, null, SalesActionKind.Disqualify, "Competitor")]
    [InlineData(SalesActionKind.Lost, "Price", SalesActionKind.Won, null)]
    [InlineData(SalesActionKind.Lost, "Price", SalesActionKind.Recycle, null)]
    public void An_outcome_older_than_the_latest_outcome_is_recorded_as_history_without_moving_the_lead(
        SalesActionKind latest,
        string? latestReason,
        SalesActionKind kind,
        string? reason)
    {
        var history = Apply(HandedOff, LeadStage.SQL, Action(latest, latestReason));
        var stage = history[^1].To;
        var older = Action(kind, reason) with { OccurredAt = Now.AddDays(-30), Actor = "crm" };
        var wouldBe = Decide(LeadStage.SQL, HandedOff, older).Stage;

        var answer = Decide(stage, history, older);
        var again = Decide(stage, [.. history, answer.Change!], older);

        Assert.Equal((SalesTransitionOutcome.RecordedAsHistory, stage), (answer.Outcome, answer.Stage));
        Assert.Equal((stage, wouldBe, Now.AddDays(-30), true), (answer.Change!.From, answer.Change.To, answer.Change.At, answer.Change.RecordedAsHistory));
        Assert.Contains($"the lead stays {stage}", answer.Detail, StringComparison.Ordinal);
        Assert.Equal(SalesTransitionOutcome.AlreadyInThatState, again.Outcome);
    }

    [Fact]
    public void An_outcome_newer_than_the_latest_outcome_moves_the_lead_and_a_history_only_one_never_counts_as_the_latest()
    {
        var lost = Apply(HandedOff, LeadStage.SQL, Action(SalesActionKind.Lost, "Price"));
        var olderWon = Decide(LeadStage.Lost, lost, Action(SalesActionKind.Won) with { OccurredAt = Now.AddDays(-1) });
        StageChange[] withHistory = [.. lost, olderWon.Change!];

        var newerWon = Decide(LeadStage.Lost, withHistory, Action(SalesActionKind.Won) with { OccurredAt = Now.AddHours(1) });
        var betweenDisqualify = Decide(LeadStage.Lost, withHistory, Action(SalesActionKind.Disqualify, "Competitor") with { OccurredAt = Now.AddMinutes(1) });

        Assert.Equal(SalesTransitionOutcome.RecordedAsHistory, olderWon.Outcome);
        Assert.Same(lost[^1], SalesTransitions.LatestOutcome(withHistory));
        Assert.Equal((SalesTransitionOutcome.Applied, LeadStage.Won), (newerWon.Outcome, newerWon.Stage));
        Assert.Equal(SalesTransitionOutcome.Applied, betweenDisqualify.Outcome);
    }

    private static SalesAction Action(SalesActionKind kind, string? reason = null) =>
        new(kind, "dach-sales@example.com", Now) { Reason = reason };

    private static SalesTransition Decide(LeadStage stage, IReadOnlyList<StageChange> history, SalesAction action) =>
        SalesTransitions.Decide(stage, history, action, Reasons);

    private static StageChange[] Apply(IReadOnlyList<StageChange> history, LeadStage stage, SalesAction action)
    {
        var answer = Decide(stage, history, action);
        Assert.Equal(SalesTransitionOutcome.Applied, answer.Outcome);
        return [.. history, answer.Change!];
    }
}
