using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Leads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Core.Tests.Notifications;

/// <summary>
/// The SLA reminder through the outbox: the in-memory lead store (a write with a stale ETag loses, as on Table Storage)
/// and a notifier that counts what it sends.
/// </summary>
public sealed class HandoffReminderDispatcherTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);
    private static readonly string HandoffId = SalesHandoff.IdFor(SentAt);
    private readonly FakeTimeProvider _clock = new(SentAt);
    private readonly Mock<ISalesNotifier> _notifier = new();
    private readonly InMemoryLeadTables _store;

    public HandoffReminderDispatcherTests() => _store = new InMemoryLeadTables(_clock);

    [Fact]
    public async Task A_hand_off_left_unanswered_past_its_sla_gets_exactly_one_reminder_however_often_the_timer_runs()
    {
        var lead = Add(Unanswered());
        _clock.Advance(TimeSpan.FromHours(24));

        var first = await Dispatcher().RemindDueAsync();
        var second = await Dispatcher().RemindDueAsync();
        _clock.Advance(TimeSpan.FromDays(3));
        var later = await Dispatcher().RemindDueAsync();

        Assert.Equal((1, 0, 0), (first.Sent, second.Sent, later.Sent));
        _notifier.Verify(
            n => n.RemindAsync(It.Is<Lead>(l => l.LeadId == lead.LeadId), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.Equal(ReminderStatus.Sent, (await CurrentAsync(lead)).Reminder!.Status);
        Assert.Equal(_clock.GetUtcNow().AddDays(-3), (await CurrentAsync(lead)).Reminder!.SentAt);
    }

    [Fact]
    public async Task No_reminder_before_the_sla_runs_out()
    {
        Add(Unanswered());
        _clock.Advance(TimeSpan.FromHours(23.9));

        var run = await Dispatcher().RemindDueAsync();

        Assert.Equal(ReminderDispatchResult.None, run);
        _notifier.Verify(n => n.RemindAsync(It.IsAny<Lead>(), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Two_runs_at_once_send_one_reminder_because_only_one_claim_wins()
    {
        var lead = Add(Unanswered());
        _clock.Advance(TimeSpan.FromHours(25));
        var store = BothRunsReadBeforeEitherClaims();

        var runs = await Task.WhenAll(Dispatcher(outbox: store).RemindDueAsync(), Dispatcher(outbox: store).RemindDueAsync());

        Assert.Equal(1, runs.Sum(run => run.Sent));
        _notifier.Verify(
            n => n.RemindAsync(It.Is<Lead>(l => l.LeadId == lead.LeadId), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()),
            Times.Once);
    }

    [Fact]
    public async Task A_hand_off_sales_answered_gets_no_reminder()
    {
        var lead = Add(Unanswered() with
        {
            Score = Unanswered().Score! with
            {
                Stage = LeadStage.SAL,
                StageHistory =
                [
                    .. History(),
                    new StageChange(LeadStage.SQL, LeadStage.SAL, SentAt.AddHours(2), "accepted by sales")
                    {
                        Action = SalesActionKind.Accept,
                        Actor = "sales@example.com",
                    },
                ],
            },
        });
        _clock.Advance(TimeSpan.FromHours(30));

        var run = await Dispatcher().RemindDueAsync();

        Assert.Equal((0, 1), (run.Sent, run.NotNeeded));
        Assert.Equal(ReminderStatus.NotNeeded, (await CurrentAsync(lead)).Reminder!.Status);
        _notifier.Verify(n => n.RemindAsync(It.IsAny<Lead>(), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_failed_reminder_is_retried_after_a_backoff_and_given_up_after_the_last_attempt()
    {
        var lead = Add(Unanswered());
        _notifier.Setup(n => n.RemindAsync(It.IsAny<Lead>(), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("relay down"));
        _clock.Advance(TimeSpan.FromHours(24));

        var first = await Dispatcher(maxAttempts: 2).RemindDueAsync();
        var tooSoon = await Dispatcher(maxAttempts: 2).RemindDueAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var last = await Dispatcher(maxAttempts: 2).RemindDueAsync();

        Assert.Equal((1, 0, 1), (first.Retrying, tooSoon.Retrying + tooSoon.Failed, last.Failed));
        var current = await CurrentAsync(lead);
        Assert.Equal((ReminderStatus.Failed, 2), (current.Reminder!.Status, current.Reminder!.Attempts));
    }

    [Fact]
    public async Task Sending_a_hand_off_records_its_inbox_and_plans_its_reminder_at_the_end_of_the_sla()
    {
        var lead = _store.Seed(Unanswered());
        _store.Seed(new SalesHandoff { HandoffId = HandoffId, LeadId = lead.LeadId, QualifiedAt = SentAt, NextAttemptAt = SentAt });
        _notifier.Setup(n => n.RecipientFor(It.Is<Lead>(read => read.LeadId == lead.LeadId))).Returns("dach-sales@example.com");
        var dispatcher = new SalesHandoffDispatcher(
            _store.Outbox,
            _store.Leads,
            _notifier.Object,
            Options.Create(new HandoffOptions { SlaHours = 8 }),
            _clock,
            NullLogger<SalesHandoffDispatcher>.Instance);

        await dispatcher.DispatchDueAsync();

        // Recorded as sent: the write that records a sent hand-off (TryRecordHandoffSentAsync) took its inbox and reminder.
        var recorded = await CurrentAsync(lead);
        Assert.Equal(
            (HandoffStatus.Sent, "dach-sales@example.com", SentAt.AddHours(8), ReminderStatus.Pending),
            (recorded.Status, recorded.Recipient, recorded.Reminder!.DueAt, recorded.Reminder.Status));
    }

    private HandoffReminderDispatcher Dispatcher(int maxAttempts = 8, IHandoffOutbox? outbox = null) => new(
        outbox ?? _store.Outbox,
        _store.Leads,
        _notifier.Object,
        Options.Create(new HandoffOptions { SlaHours = 24, MaxAttempts = maxAttempts }),
        _clock,
        NullLogger<HandoffReminderDispatcher>.Instance);

    private static StageChange[] History() =>
    [
        new(LeadStage.Lead, LeadStage.MQL, SentAt, "on the way to SQL: test"),
        new(LeadStage.MQL, LeadStage.SQL, SentAt, "test"),
    ];

    private static Lead Unanswered() => new()
    {
        LeadId = "0194f1e2a3b4c5d6e7f8091a2b3c4d5e",
        Profile = new LeadProfile { Email = "dana@northwind.example" },
        CreatedAt = SentAt.AddDays(-1),
        UpdatedAt = SentAt,
        Score = new StoredScore
        {
            FitScore = 50,
            EngagementScore = 40,
            Grade = "A",
            Stage = LeadStage.SQL,
            IsPql = false,
            Bant = default,
            StageHistory = History(),
            Breakdown = [],
            RecentEvents = [],
            ModelVersion = "test",
            ScoredAt = SentAt,
            EventCount = 1,
        },
    };

    /// <summary>
    /// Stores the lead with a hand-off whose email went out at <see cref="SentAt"/> and whose reminder is due 24 hours
    /// later.
    /// </summary>
    private Lead Add(Lead lead)
    {
        var stored = _store.Seed(lead);
        _store.Seed(new SalesHandoff
        {
            HandoffId = HandoffId,
            LeadId = lead.LeadId,
            QualifiedAt = SentAt,
            Status = HandoffStatus.Sent,
            SentAt = SentAt,
            Recipient = "sales@example.com",
            Reminder = new HandoffReminder { DueAt = SentAt.AddHours(24) },
        });
        return stored;
    }

    private async Task<SalesHandoff> CurrentAsync(Lead lead) => (await _store.Outbox.GetHandoffAsync(lead.LeadId, HandoffId))!;

    /// <summary>
    /// The outbox behind a mock that holds each run at its read of the due reminders until both runs have read: the race
    /// the ETag has to decide. Moq only for that hold; every call goes on to the in-memory store, whose ETags decide.
    /// </summary>
    private IHandoffOutbox BothRunsReadBeforeEitherClaims()
    {
        var bothRead = new Rendezvous(2);
        var racing = new Mock<IHandoffOutbox>(MockBehavior.Strict);
        racing.Setup(s => s.GetDueRemindersAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns(async (DateTimeOffset now, int maxCount, CancellationToken cancellationToken) =>
            {
                var due = await _store.Outbox.GetDueRemindersAsync(now, maxCount, cancellationToken);
                await bothRead.ArriveAsync(cancellationToken);
                return due;
            });
        racing.Setup(s => s.TryUpdateReminderAsync(It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()))
            .Returns((SalesHandoff handoff, CancellationToken cancellationToken) =>
                _store.Outbox.TryUpdateReminderAsync(handoff, cancellationToken));
        return racing.Object;
    }
}
