using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Tests.Notifications;

/// <summary>
/// The SLA reminder through the outbox: a store that keeps each hand-off's ETag (a write with a stale one loses, as on
/// Table Storage) and a notifier that counts what it sends.
/// </summary>
public sealed class HandoffReminderDispatcherTests
{
    private static readonly DateTimeOffset SentAt = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(SentAt);
    private readonly Mock<ISalesNotifier> _notifier = new();
    private readonly ReminderStore _store = new();

    [Fact]
    public async Task A_hand_off_left_unanswered_past_its_sla_gets_exactly_one_reminder_however_often_the_timer_runs()
    {
        var lead = _store.Add(Unanswered());
        _clock.Advance(TimeSpan.FromHours(24));

        var first = await Dispatcher().RemindDueAsync();
        var second = await Dispatcher().RemindDueAsync();
        _clock.Advance(TimeSpan.FromDays(3));
        var later = await Dispatcher().RemindDueAsync();

        Assert.Equal((1, 0, 0), (first.Sent, second.Sent, later.Sent));
        _notifier.Verify(n => n.RemindAsync(It.Is<Lead>(l => l.LeadId == lead.LeadId), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(ReminderStatus.Sent, _store.Current(lead.LeadId).Reminder!.Status);
        Assert.Equal(_clock.GetUtcNow().AddDays(-3), _store.Current(lead.LeadId).Reminder!.SentAt);
    }

    [Fact]
    public async Task No_reminder_before_the_sla_runs_out()
    {
        _store.Add(Unanswered());
        _clock.Advance(TimeSpan.FromHours(23.9));

        var run = await Dispatcher().RemindDueAsync();

        Assert.Equal(ReminderDispatchResult.None, run);
        _notifier.Verify(n => n.RemindAsync(It.IsAny<Lead>(), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Two_runs_at_once_send_one_reminder_because_only_one_claim_wins()
    {
        var lead = _store.Add(Unanswered());
        _clock.Advance(TimeSpan.FromHours(25));
        _store.BothRunsReadBeforeEitherClaims();

        var runs = await Task.WhenAll(Dispatcher().RemindDueAsync(), Dispatcher().RemindDueAsync());

        Assert.Equal(1, runs.Sum(run => run.Sent));
        _notifier.Verify(n => n.RemindAsync(It.Is<Lead>(l => l.LeadId == lead.LeadId), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_hand_off_sales_answered_gets_no_reminder()
    {
        var lead = _store.Add(Unanswered() with
        {
            Score = Unanswered().Score! with
            {
                Stage = LeadStage.SAL,
                StageHistory = [.. History(), new StageChange(LeadStage.SQL, LeadStage.SAL, SentAt.AddHours(2), "accepted by sales") { Action = SalesActionKind.Accept, Actor = "sales@example.com" }],
            },
        });
        _clock.Advance(TimeSpan.FromHours(30));

        var run = await Dispatcher().RemindDueAsync();

        Assert.Equal((0, 1), (run.Sent, run.NotNeeded));
        Assert.Equal(ReminderStatus.NotNeeded, _store.Current(lead.LeadId).Reminder!.Status);
        _notifier.Verify(n => n.RemindAsync(It.IsAny<Lead>(), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_failed_reminder_is_retried_after_a_backoff_and_given_up_after_the_last_attempt()
    {
        var lead = _store.Add(Unanswered());
        _notifier.Setup(n => n.RemindAsync(It.IsAny<Lead>(), It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("relay down"));
        _clock.Advance(TimeSpan.FromHours(24));

        var first = await Dispatcher(maxAttempts: 2).RemindDueAsync();
        var tooSoon = await Dispatcher(maxAttempts: 2).RemindDueAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var last = await Dispatcher(maxAttempts: 2).RemindDueAsync();

        Assert.Equal((1, 0, 1), (first.Retrying, tooSoon.Retrying + tooSoon.Failed, last.Failed));
        Assert.Equal((ReminderStatus.Failed, 2), (_store.Current(lead.LeadId).Reminder!.Status, _store.Current(lead.LeadId).Reminder!.Attempts));
    }

    [Fact]
    public async Task Sending_a_hand_off_records_its_inbox_and_plans_its_reminder_at_the_end_of_the_sla()
    {
        var lead = Unanswered();
        var pending = new SalesHandoff { HandoffId = SalesHandoff.IdFor(SentAt), LeadId = lead.LeadId, QualifiedAt = SentAt, NextAttemptAt = SentAt, ETag = "1" };
        var store = new Mock<ILeadStore>();
        store.Setup(s => s.GetDueHandoffsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([pending]);
        store.Setup(s => s.TryUpdateHandoffAsync(It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>())).ReturnsAsync((SalesHandoff h, CancellationToken _) => h with { ETag = "2" });
        store.Setup(s => s.GetLeadAsync(lead.LeadId, It.IsAny<CancellationToken>())).ReturnsAsync(lead);
        store.Setup(s => s.TryRecordHandoffSentAsync(It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>())).ReturnsAsync((SalesHandoff h, CancellationToken _) => h);
        _notifier.Setup(n => n.RecipientFor(lead)).Returns("dach-sales@example.com");
        var dispatcher = new SalesHandoffDispatcher(store.Object, _notifier.Object, Options.Create(new HandoffOptions { SlaHours = 8 }), _clock, NullLogger<SalesHandoffDispatcher>.Instance);

        await dispatcher.DispatchDueAsync();

        store.Verify(s => s.TryRecordHandoffSentAsync(
            It.Is<SalesHandoff>(h => h.Recipient == "dach-sales@example.com" && h.Reminder!.DueAt == SentAt.AddHours(8) && h.Reminder.Status == ReminderStatus.Pending),
            It.IsAny<CancellationToken>()));
    }

    private HandoffReminderDispatcher Dispatcher(int maxAttempts = 8) => new(
        _store.Mock.Object,
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

    /// <summary>The hand-off half of the lead store: rows with ETags; a write wins only with the current ETag.</summary>
    private sealed class ReminderStore
    {
        private readonly Dictionary<string, SalesHandoff> _rows = [];
        private int _version;
        private TaskCompletionSource? _bothRead;
        private int _reads;

        public ReminderStore()
        {
            Mock.Setup(s => s.GetDueRemindersAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
                .Returns((DateTimeOffset now, int _, CancellationToken _) => DueAsync(now));
            Mock.Setup(s => s.TryUpdateReminderAsync(It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync((SalesHandoff handoff, CancellationToken _) => TryUpdate(handoff));
        }

        public Mock<ILeadStore> Mock { get; } = new(MockBehavior.Strict);

        public Lead Add(Lead lead)
        {
            var handoffId = SalesHandoff.IdFor(SentAt);
            _rows[lead.LeadId] = new SalesHandoff
            {
                HandoffId = handoffId,
                LeadId = lead.LeadId,
                QualifiedAt = SentAt,
                Status = HandoffStatus.Sent,
                SentAt = SentAt,
                Recipient = "sales@example.com",
                Reminder = new HandoffReminder { DueAt = SentAt.AddHours(24) },
                ETag = NextETag(),
            };
            Mock.Setup(s => s.GetLeadAsync(lead.LeadId, It.IsAny<CancellationToken>())).ReturnsAsync(lead);
            return lead;
        }

        public void BothRunsReadBeforeEitherClaims() => _bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public SalesHandoff Current(string leadId)
        {
            lock (_rows)
            {
                return _rows[leadId];
            }
        }

        private async Task<IReadOnlyList<SalesHandoff>> DueAsync(DateTimeOffset now)
        {
            IReadOnlyList<SalesHandoff> due;
            lock (_rows)
            {
                due = [.. _rows.Values.Where(h => h.Reminder?.IsDueAt(now) == true)];
            }

            if (_bothRead is { } gate)
            {
                if (Interlocked.Increment(ref _reads) == 2)
                {
                    gate.SetResult();
                }

                await gate.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }

            return due;
        }

        private SalesHandoff? TryUpdate(SalesHandoff handoff)
        {
            lock (_rows)
            {
                if (!_rows.TryGetValue(handoff.LeadId, out var current) || current.ETag != handoff.ETag)
                {
                    return null;
                }

                var written = handoff with { ETag = NextETag() };
                _rows[handoff.LeadId] = written;
                return written;
            }
        }

        private string NextETag() => "W/\"" + Interlocked.Increment(ref _version) + "\"";
    }
}
