using LeadFunctions.Leads;
using LeadFunctions.Qualification;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Sales;

/// <summary>
/// Recording sales actions over the in-memory store: a page's action is decided on the lead as saved (a stale page changes
/// nothing), and external ids are compared by the body they were recorded with.
/// </summary>
public sealed class SalesStatusServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset QualifiedAt = Now.AddDays(-2);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryLeadTables _store;
    private readonly SalesStatusService _status;

    public SalesStatusServiceTests()
    {
        _store = new InMemoryLeadTables(_clock);
        var rescoring = new LeadRescoringService(
            _store.Scores,
            _store.DecayReviews,
            new LeadScorer(ScoringModel.Default, _clock),
            _clock,
            NullLogger<LeadRescoringService>.Instance);
        _status = new SalesStatusService(_store.Leads, _store.SalesActions, rescoring, Options.Create(new SalesOptions()), _clock, NullLogger<SalesStatusService>.Instance);
    }

    [Fact]
    public async Task A_page_action_on_a_lead_that_changed_since_the_page_was_rendered_is_stale_and_changes_nothing()
    {
        var lead = await HandedOffAsync();
        var seen = HandoffPageState.Of(lead.Score!);
        await _status.RecordAsync(lead.LeadId, Action(SalesActionKind.Accept, "rep@example.com"));

        var stale = await _status.RecordAsync(
            lead.LeadId,
            Action(SalesActionKind.Reject, "rep@example.com") with { Reason = "Not a fit", SeenState = seen });

        Assert.Equal((SalesTransitionOutcome.Stale, LeadStage.SAL), (stale!.Transition.Outcome, stale.Lead.Stage));
        Assert.Equal(LeadStage.SAL, (await _store.Leads.GetLeadAsync(lead.LeadId))!.Stage);
    }

    [Fact]
    public async Task A_page_action_on_the_lead_as_the_page_showed_it_is_recorded()
    {
        var lead = await HandedOffAsync();

        var accepted = await _status.RecordAsync(
            lead.LeadId,
            Action(SalesActionKind.Accept, "rep@example.com") with { SeenState = HandoffPageState.Of(lead.Score!) });

        Assert.Equal((SalesTransitionOutcome.Applied, LeadStage.SAL), (accepted!.Transition.Outcome, accepted.Lead.Stage));
    }

    [Fact]
    public async Task An_external_id_replayed_with_the_same_body_is_unchanged_and_with_another_body_is_refused_naming_the_status()
    {
        var lead = await HandedOffAsync();
        var lost = Action(SalesActionKind.Lost, "crm") with { Reason = "Price" };
        var won = Action(SalesActionKind.Won, "crm");

        var first = await _status.RecordAsync(lead.LeadId, lost, SalesStatusReceipt.For("crm-9", lost, null));
        _clock.Advance(TimeSpan.FromMinutes(3));
        var retry = await _status.RecordAsync(lead.LeadId, lost with { OccurredAt = Now.AddMinutes(3) }, SalesStatusReceipt.For("crm-9", lost, null));
        var reused = await _status.RecordAsync(lead.LeadId, won, SalesStatusReceipt.For("crm-9", won, null));

        Assert.Equal(SalesTransitionOutcome.Applied, first!.Transition.Outcome);
        Assert.Equal(SalesTransitionOutcome.AlreadyInThatState, retry!.Transition.Outcome);
        Assert.Equal(SalesTransitionOutcome.ExternalIdReused, reused!.Transition.Outcome);
        Assert.Equal(SalesActionKind.Lost, reused.EarlierReceipt!.Status);
        Assert.Contains("status lost", reused.Transition.Detail, StringComparison.Ordinal);
        Assert.Equal(LeadStage.Lost, (await _store.Leads.GetLeadAsync(lead.LeadId))!.Stage);
    }

    [Fact]
    public async Task A_receipt_from_before_bodies_were_kept_answers_a_replay_unchanged_whatever_its_body()
    {
        var lead = await HandedOffAsync();
        _store.AddReceiptWithoutBody(lead.LeadId, "crm-old", SalesActionKind.Lost);
        var won = Action(SalesActionKind.Won, "crm");

        var replay = await _status.RecordAsync(lead.LeadId, won, SalesStatusReceipt.For("crm-old", won, null));

        Assert.Equal(SalesTransitionOutcome.AlreadyInThatState, replay!.Transition.Outcome);
        Assert.Equal(LeadStage.SQL, (await _store.Leads.GetLeadAsync(lead.LeadId))!.Stage);
    }

    [Fact]
    public void A_receipt_s_body_hash_covers_status_reason_note_and_a_given_time_not_the_actor()
    {
        var won = Action(SalesActionKind.Won, "crm") with { Reason = "Annual plan", Note = "signed" };
        var hash = SalesStatusReceipt.For("x", won, null).BodyHash;

        Assert.Equal(hash, SalesStatusReceipt.For("x", won with { OccurredAt = Now.AddHours(1) }, null).BodyHash);
        Assert.Equal(hash, SalesStatusReceipt.For("y", won, null).BodyHash);
        Assert.NotEqual(hash, SalesStatusReceipt.For("x", won, Now).BodyHash);
        Assert.NotEqual(hash, SalesStatusReceipt.For("x", won with { Kind = SalesActionKind.Lost }, null).BodyHash);
        Assert.NotEqual(hash, SalesStatusReceipt.For("x", won with { Reason = "Monthly plan" }, null).BodyHash);
        Assert.NotEqual(hash, SalesStatusReceipt.For("x", won with { Note = "signed!" }, null).BodyHash);
        Assert.Equal(hash, SalesStatusReceipt.For("x", won with { Actor = "crm:2" }, null).BodyHash);
    }

    private static SalesAction Action(SalesActionKind kind, string actor) => new(kind, actor, Now);

    /// <summary>A lead at SQL with its hand-off, as the scorer leaves it.</summary>
    private async Task<Lead> HandedOffAsync()
    {
        var (lead, _) = await _store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = $"{Guid.NewGuid():N}@northwind.example" }, LeadAttribution.None);
        StageChange[] history =
        [
            new(LeadStage.Lead, LeadStage.MQL, QualifiedAt, "engaged"),
            new(LeadStage.MQL, LeadStage.SQL, QualifiedAt, "demo requested"),
        ];
        Assert.True(await _store.Scores.TrySaveScoreAsync(lead, HistoryScores.With(history, "A", QualifiedAt), null, QualifiedAt));
        return (await _store.Leads.GetLeadAsync(lead.LeadId))!;
    }
}
