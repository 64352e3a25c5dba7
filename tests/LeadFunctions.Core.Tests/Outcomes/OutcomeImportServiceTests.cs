using LeadFunctions.Leads;
using LeadFunctions.Outcomes;
using LeadFunctions.Qualification;
using LeadFunctions.Reporting;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Core.Tests.Outcomes;

/// <summary>The outcome import over the in-memory store: lines checked, leads found by email, outcomes recorded once.</summary>
public sealed class OutcomeImportServiceTests
{
    private const string Dana = "dana@northwind.example";
    private const string Ravi = "ravi@contoso.example";

    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly InMemoryLeadTables _store;
    private readonly OutcomeImportService _imports;

    public OutcomeImportServiceTests()
    {
        _store = new InMemoryLeadTables(_clock);
        var rescoring = new LeadRescoringService(
            _store.Scores,
            _store.DecayReviews,
            new LeadScorer(ScoringModel.Default, _clock),
            _clock,
            NullLogger<LeadRescoringService>.Instance);
        var options = Options.Create(new SalesOptions());
        var status = new SalesStatusService(_store.Leads, _store.SalesActions, rescoring, options, _clock, NullLogger<SalesStatusService>.Instance);
        _imports = new OutcomeImportService(_store.Leads, status, options, _clock, NullLogger<OutcomeImportService>.Instance);
    }

    [Theory]
    // An outcome word the import does not know (the status API's words are not outcomes).
    [InlineData(Dana, "accepted", "2026-11-01", "", "outcome must be won, lost or disqualified.")]
    // A time in the future (beyond the 5 minutes of clock skew).
    [InlineData(Dana, "won", "2026-11-29T12:06:00Z", "", "occurredAt must not be in the future, nor more than 3 years ago.")]
    // A future date.
    [InlineData(Dana, "lost", "2027-01-01", "Price", "occurredAt must not be in the future, nor more than 3 years ago.")]
    // Older than 3 years.
    [InlineData(Dana, "lost", "2023-11-28", "Price", "occurredAt must not be in the future, nor more than 3 years ago.")]
    // A time without an offset is ambiguous: which day it was depends on where the export was made.
    [InlineData(Dana, "won", "2026-11-01T10:00:00", "", "occurredAt must be ISO 8601 with an offset")]
    // Not a date at all (a spreadsheet's local format).
    [InlineData(Dana, "won", "01/11/2026", "", "occurredAt must be ISO 8601 with an offset")]
    // A bad email.
    [InlineData("dana.northwind.example", "won", "2026-11-01", "", "email is not an email address.")]
    // An empty email.
    [InlineData(" ", "won", "2026-11-01", "", "email is required.")]
    public async Task A_bad_line_is_rejected_with_its_line_number_and_changes_nothing(
        string email,
        string outcome,
        string occurredAt,
        string reason,
        string error)
    {
        var lead = await LeadAsync(Dana);

        var result = await _imports.ImportAsync([new OutcomeRow(7, email, outcome, occurredAt, reason)], []);

        Assert.Equal((0, 0, 0, 1), (result.Imported, result.AlreadyRecorded, result.UnknownLeads, result.Rejected));
        var line = Assert.Single(result.Errors);
        Assert.Equal(7, line.Line);
        Assert.StartsWith(error, line.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("northwind", line.Reason, StringComparison.Ordinal);
        Assert.Equal(LeadStage.Lead, (await _store.Leads.GetLeadAsync(lead.LeadId))!.Stage);
    }

    [Fact]
    public async Task A_reason_over_1000_characters_is_rejected()
    {
        await LeadAsync(Dana);

        var result = await _imports.ImportAsync([Row(2, Dana, "lost", "2026-11-01", new string('x', 1_001))], []);

        Assert.Equal("reason is too long: at most 1000 characters.", Assert.Single(result.Errors).Reason);
    }

    [Theory]
    // A configured lost reason, in another case: kept as the reason, as configured.
    [InlineData("lost", "went with a COMPETITOR", LeadStage.Lost, "Went with a competitor", null)]
    // Free text for lost: the reason "imported", the text whole as the note.
    [InlineData("lost", "Chose the cheaper vendor, see call notes", LeadStage.Lost, "imported", "Chose the cheaper vendor, see call notes")]
    // No reason for lost.
    [InlineData("lost", "", LeadStage.Lost, "imported", null)]
    // A short won reason is a reason, as in the status API.
    [InlineData("won", "Annual plan", LeadStage.Won, "Annual plan", null)]
    // No won reason: the default "won".
    [InlineData("won", "", LeadStage.Won, "won", null)]
    // A formula is text: stored as is, never evaluated (the pages HTML-escape it).
    [InlineData("disqualified", "=HYPERLINK(\"http://x\",\"y\")", LeadStage.Disqualified, "imported", "=HYPERLINK(\"http://x\",\"y\")")]
    // A configured disqualify reason.
    [InlineData("Disqualified", "spam or fake", LeadStage.Disqualified, "Spam or fake", null)]
    public async Task An_outcome_is_recorded_with_a_configured_reason_or_the_crm_s_text_as_the_note(
        string outcome,
        string reason,
        LeadStage stage,
        string recordedReason,
        string? note)
    {
        var lead = await LeadAsync(Dana);

        var result = await _imports.ImportAsync([Row(2, " Dana@Northwind.example ", outcome, "2026-11-01T10:00:00+01:00", reason)], []);

        Assert.Equal((1, 0, 0, 0), (result.Imported, result.AlreadyRecorded, result.UnknownLeads, result.Rejected));
        var stored = (await _store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.Equal(stage, stored.Stage);
        var change = stored.Score!.StageHistory[^1];
        Assert.Equal(
            (recordedReason, note, OutcomeRowRules.Actor, new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero)),
            (change.Reason, change.Note, change.Actor, change.At));
    }

    [Fact]
    public async Task A_disqualified_outcome_is_recorded_for_a_lead_that_was_never_handed_off()
    {
        var lead = await LeadAsync(Dana);

        await _imports.ImportAsync([Row(2, Dana, "disqualified", "2026-11-01", "Competitor")], []);

        var change = (await _store.Leads.GetLeadAsync(lead.LeadId))!.Score!.StageHistory[^1];
        Assert.Equal(
            (LeadStage.Lead, LeadStage.Disqualified, SalesActionKind.Disqualify, "Competitor"),
            (change.From, change.To, change.Action, change.Reason));
    }

    [Fact]
    public async Task A_duplicated_line_and_a_replay_of_the_file_record_each_outcome_once()
    {
        var lead = await LeadAsync(Dana);
        OutcomeRow[] file =
        [
            Row(2, Dana, "won", "2026-11-01T10:00:00Z", "Annual plan"),
            Row(3, Dana, "won", "2026-11-01T11:00:00+01:00", "Annual plan, again"), // the same time in another offset
        ];

        var first = await _imports.ImportAsync(file, []);
        var replay = await _imports.ImportAsync(file, []);

        Assert.Equal((1, 1, 0, 0), (first.Imported, first.AlreadyRecorded, first.UnknownLeads, first.Rejected));
        Assert.Equal((0, 2, 0, 0), (replay.Imported, replay.AlreadyRecorded, replay.UnknownLeads, replay.Rejected));
        var history = (await _store.Leads.GetLeadAsync(lead.LeadId))!.Score!.StageHistory;
        Assert.Single(history, change => change.Action == SalesActionKind.Won);
    }

    [Fact]
    public async Task Unknown_and_erased_leads_are_counted_and_nothing_is_written_for_them()
    {
        var erased = await LeadAsync(Ravi);
        await _store.Erasure.EraseLeadAsync(erased.LeadId);

        var result = await _imports.ImportAsync(
            [Row(2, "nobody@example.org", "won", "2026-11-01", ""), Row(3, Ravi, "lost", "2026-11-01", "Price")],
            []);

        Assert.Equal((0, 0, 2, 0), (result.Imported, result.AlreadyRecorded, result.UnknownLeads, result.Rejected));
        Assert.Empty(result.Errors);
        Assert.Null(await _store.Leads.FindLeadByEmailAsync(Ravi));
    }

    [Fact]
    public async Task A_lead_s_lines_are_recorded_oldest_first_so_it_ends_in_its_latest_outcome()
    {
        var lead = await LeadAsync(Dana);

        var result = await _imports.ImportAsync(
            [Row(2, Dana, "won", "2026-11-20", ""), Row(3, Dana, "lost", "2026-10-01", "Price")],
            []);

        Assert.Equal(2, result.Imported);
        var history = (await _store.Leads.GetLeadAsync(lead.LeadId))!.Score!.StageHistory;
        Assert.Equal([LeadStage.Lost, LeadStage.Won], history.Where(change => change.Action is not null).Select(change => change.To));
    }

    [Fact]
    public async Task Bad_lines_are_listed_by_line_number_up_to_100_and_all_are_counted()
    {
        var lead = await LeadAsync(Dana);
        var rows = Enumerable.Range(3, 150)
            .Select(line => Row(line, Dana, "maybe", "2026-11-01", ""))
            .Append(Row(2, Dana, "won", "2026-11-01", ""));
        OutcomeLineError[] unreadable = [new(200, "has 2 fields; expected 4 (email,outcome,occurredAt,reason).")];

        var result = await _imports.ImportAsync([.. rows], unreadable);

        Assert.Equal((1, 151, 100, 51), (result.Imported, result.Rejected, result.Errors.Count, result.ErrorsOmitted));
        Assert.Equal(Enumerable.Range(3, 100), result.Errors.Select(error => error.Line));
        Assert.Equal(LeadStage.Won, (await _store.Leads.GetLeadAsync(lead.LeadId))!.Stage);
    }

    [Fact]
    public void The_receipt_key_depends_on_the_instant_and_the_outcome_not_on_the_offset()
    {
        var utc = new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

        var key = OutcomeRowRules.ExternalId(Dana, SalesActionKind.Won, utc);

        Assert.Equal(key, OutcomeRowRules.ExternalId(Dana, SalesActionKind.Won, utc.ToOffset(TimeSpan.FromHours(-5))));
        Assert.NotEqual(key, OutcomeRowRules.ExternalId(Dana, SalesActionKind.Lost, utc));
        Assert.NotEqual(key, OutcomeRowRules.ExternalId(Dana, SalesActionKind.Won, utc.AddTicks(1)));
        Assert.Matches("^import:[0-9a-f]{64}$", key);
    }

    [Fact]
    public async Task A_canceled_import_stops()
    {
        await LeadAsync(Dana);
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _imports.ImportAsync([Row(2, Dana, "won", "2026-11-01", "")], [], canceled.Token));
    }

    [Fact]
    public async Task A_backfill_older_than_the_lead_s_latest_outcome_is_kept_as_history_and_counted_older_than_current()
    {
        var lead = await LeadAsync(Dana);
        await _imports.ImportAsync([Row(2, Dana, "won", "2026-11-20", "Annual plan")], []);

        var backfill = await _imports.ImportAsync(
            [Row(2, Dana, "lost", "2026-01-05", "Price"), Row(3, Dana, "disqualified", "2026-02-01", "Competitor")],
            []);
        var again = await _imports.ImportAsync([Row(2, Dana, "lost", "2026-01-05", "Price")], []);

        Assert.Equal((0, 0, 2, 0, 0), (backfill.Imported, backfill.AlreadyRecorded, backfill.OlderThanCurrent, backfill.UnknownLeads, backfill.Rejected));
        Assert.Equal((0, 1, 0), (again.Imported, again.AlreadyRecorded, again.OlderThanCurrent));
        var stored = (await _store.Leads.GetLeadAsync(lead.LeadId))!;
        Assert.Equal(LeadStage.Won, stored.Stage);
        Assert.Equal(
            [(LeadStage.Lost, true), (LeadStage.Disqualified, true)],
            stored.Score!.StageHistory.Skip(1).Where(change => change.Action is not null && change.To != LeadStage.Won)
                .Select(change => (change.To, change.RecordedAsHistory)));
        var entered = (await _store.Funnel.ReadAsync(FunnelCounterKind.Stage, new DateOnly(2023, 11, 1), new DateOnly(2026, 11, 30)))
            .GroupBy(count => count.Counter.Stage)
            .ToDictionary(group => group.Key!.Value, group => group.Sum(count => count.Count));
        Assert.Equal(1, entered[LeadStage.Won]);
        Assert.False(entered.ContainsKey(LeadStage.Lost));
        Assert.False(entered.ContainsKey(LeadStage.Disqualified));
    }

    private static OutcomeRow Row(int line, string email, string outcome, string occurredAt, string reason) =>
        new(line, email, outcome, occurredAt, reason);

    private async Task<Lead> LeadAsync(string email) =>
        (await _store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = email }, LeadAttribution.None)).Lead;
}
